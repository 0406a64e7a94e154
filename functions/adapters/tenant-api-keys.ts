import type { TenantKeyStore } from '#core/api-key-requests';
import { insertApiKey, revokeTenantApiKey, selectApiKeys } from './api-key-store';
import { query, withTransaction } from './postgres';

/** The key routes' store: api-key-store.ts on the function's pool (a 503 when it is down). */
export const tenantApiKeys: TenantKeyStore = {
  create: (key) => insertApiKey({ query }, key),
  // A tenant's keys are user or admin: the table ties operator keys to no tenant.
  list: async (tenantId) =>
    (await selectApiKeys({ query }, tenantId)).flatMap(({ scope, ...key }) =>
      scope === 'operator' ? [] : [{ ...key, scope }],
    ),
  revoke: (tenantId, id) => withTransaction((client) => revokeTenantApiKey(client, tenantId, id)),
};
