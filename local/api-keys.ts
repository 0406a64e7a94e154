import pg from 'pg';
import {
  type ApiKeyRecord,
  insertApiKey,
  revokeApiKeyById,
  revokeApiKeysLabelled as revokeLabelled,
  selectApiKeys,
} from '../functions/adapters/api-key-store';
import {
  DEFAULT_TENANT,
  mintApiKey,
  type Scope,
  shapeOfApiKey,
  TENANT_PATTERN,
} from '../functions/core/api-key';

/**
 * Key management by database URL: used by `npm run keys`, `npm start` and the tests. The
 * SQL is functions/adapters/api-key-store.ts, the same the API's key routes run.
 */
export type { ApiKeyRecord };
export { DEFAULT_TENANT };

async function withClient<T>(databaseUrl: string, work: (client: pg.Client) => Promise<T>) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Registers a key (given, or newly minted) and returns it with its id. Registering the
 * same key again is harmless: the hash is unique and the existing row is kept.
 */
export async function registerApiKey(
  databaseUrl: string,
  scope: Scope,
  options: { key?: string; tenantId?: string; label?: string } = {},
): Promise<string> {
  return (await createApiKey(databaseUrl, scope, options)).key;
}

/**
 * The tenant a new key belongs to: the given one, else `default`; none for an operator key,
 * which must not be given one (it sees every tenant's queues and no tenant's data).
 */
function tenantOfNewKey(scope: Scope, given: string | undefined): string | null {
  if (scope === 'operator') {
    if (given !== undefined) throw new Error('An operator key belongs to no tenant');
    return null;
  }
  const tenantId = given ?? DEFAULT_TENANT;
  if (!TENANT_PATTERN.test(tenantId)) {
    throw new Error('A tenant must be 1 to 64 characters of [A-Za-z0-9_-]');
  }
  return tenantId;
}

export async function createApiKey(
  databaseUrl: string,
  scope: Scope,
  options: { key?: string; tenantId?: string; label?: string } = {},
): Promise<{ id: string; key: string }> {
  const key = options.key ?? mintApiKey(scope);
  if (shapeOfApiKey(key) === 'malformed') {
    throw new Error(`A ${scope} key must be 24 or more characters of [A-Za-z0-9_]`);
  }
  const tenantId = tenantOfNewKey(scope, options.tenantId);
  const record = await withClient(databaseUrl, (client) =>
    insertApiKey(client, { key, scope, tenantId, label: options.label ?? null }),
  );
  return { id: record.id, key };
}

export async function listApiKeys(databaseUrl: string, tenantId?: string): Promise<ApiKeyRecord[]> {
  return withClient(databaseUrl, (client) => selectApiKeys(client, tenantId));
}

/** Revokes a key by id; false when there is no such live key. */
export async function revokeApiKey(databaseUrl: string, id: string): Promise<boolean> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return false;
  return withClient(databaseUrl, (client) => revokeApiKeyById(client, id));
}

/** Revokes every key registered under a label (keys `npm start` made in earlier runs). */
export async function revokeApiKeysLabelled(databaseUrl: string, label: string): Promise<number> {
  return withClient(databaseUrl, (client) => revokeLabelled(client, label));
}
