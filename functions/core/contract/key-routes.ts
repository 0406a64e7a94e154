import {
  CREATE_KEY_BODY_LIMIT_BYTES,
  createKeyRequestSchema,
  keyIdSchema,
  tenantIdSchema,
} from '../api-key-requests';
import { createdKeySchema, keyListSchema } from './api-keys-contract';
import type { ApiRoute } from './routes';

const KEY_CACHE_NOTE =
  'Keys are looked up through a per-instance cache of 4 s, so a revoked key stops working ' +
  'within 5 s everywhere.';
const RETRIED_MINT =
  'A retried request mints a second key (no idempotency: the record would have to keep the ' +
  'secret); revoke the one you did not keep.';

const created = {
  status: 201,
  description: 'The new key, its secret shown this once',
  schema: createdKeySchema,
  headers: ['Location'],
} satisfies ApiRoute['success'];

/** The routes that make and revoke keys, served by functions/ops.ts. */
export const keyRoutes: readonly ApiRoute[] = [
  {
    method: 'POST',
    path: '/v1/keys',
    function: 'ops',
    operationId: 'createApiKey',
    tag: 'keys',
    summary: "Mint a key of the caller's tenant",
    description:
      "A `user` or `admin` key of the caller's tenant. Only its SHA-256 is stored: the key " +
      `is in this answer and nowhere else. ${RETRIED_MINT}`,
    scope: 'admin',
    body: { schema: createKeyRequestSchema, maxBytes: CREATE_KEY_BODY_LIMIT_BYTES },
    success: created,
  },
  {
    method: 'GET',
    path: '/v1/keys',
    function: 'ops',
    operationId: 'listApiKeys',
    tag: 'keys',
    summary: "The caller's tenant's keys, without secrets",
    scope: 'admin',
    success: { status: 200, description: 'Oldest first', schema: keyListSchema },
  },
  {
    method: 'DELETE',
    path: '/v1/keys/{id}',
    function: 'ops',
    operationId: 'revokeApiKey',
    tag: 'keys',
    summary: "Revoke a key of the caller's tenant",
    description: KEY_CACHE_NOTE,
    scope: 'admin',
    pathParameters: { id: keyIdSchema },
    success: { status: 204, description: 'Revoked' },
    problems: {
      404: "No live key with this id in the caller's tenant (another tenant's is as absent).",
      409:
        "It is the tenant's last live admin key: create another admin key first, so the " +
        'tenant is not locked out.',
      422: 'The id is not a UUID.',
    },
  },
  {
    method: 'POST',
    path: '/v1/admin/tenants/{tenantId}/keys',
    function: 'ops',
    operationId: 'createTenantApiKey',
    tag: 'keys',
    summary: "Mint a key of any tenant (a tenant's first admin key)",
    description:
      'For operators onboarding a tenant: a `user` or `admin` key of `tenantId`, which ' +
      `need not have any key or data yet. ${RETRIED_MINT}`,
    scope: 'operator',
    pathParameters: { tenantId: tenantIdSchema },
    body: { schema: createKeyRequestSchema, maxBytes: CREATE_KEY_BODY_LIMIT_BYTES },
    success: created,
    problems: { 422: 'The tenant id breaks its pattern.' },
  },
];
