import * as z from 'zod';

const timestamp = z.iso.datetime();

/** `POST /v1/keys` and `POST /v1/admin/tenants/{tenantId}/keys`: the only answer with the key. */
export const createdKeySchema = z
  .object({
    id: z.uuid().describe('Names the key in lists and in DELETE /v1/keys/{id}'),
    key: z
      .string()
      .describe('The key itself, `rf_user_...` or `rf_admin_...`: shown here only, never again'),
    scope: z.enum(['user', 'admin']),
    tenantId: z.string(),
    label: z.string().nullable(),
    createdAt: timestamp,
  })
  .describe('A new key; only its SHA-256 is stored, so keep the key now');

export type CreatedKey = z.infer<typeof createdKeySchema>;

/** One key as `GET /v1/keys` lists it: never its secret, which is not stored. */
export const keySummarySchema = z
  .object({
    id: z.uuid(),
    scope: z.enum(['user', 'admin']),
    label: z.string().nullable(),
    createdAt: timestamp,
    revokedAt: timestamp.nullable().describe('When it was revoked; null while it works'),
  })
  .describe("One of the tenant's keys, without its secret");

/** `GET /v1/keys`. */
export const keyListSchema = z
  .object({ items: z.array(keySummarySchema).describe('Oldest first, revoked ones included') })
  .describe("The tenant's keys");

export type KeyList = z.infer<typeof keyListSchema>;
