import * as z from 'zod';
import { mintApiKey, TENANT_PATTERN, type TenantScope } from './api-key';
import { ConflictError, NotFoundError, ValidationError } from './errors';
import { plainText } from './feedback';
import { toFieldErrors } from './field-errors';

/** The largest body the key routes take (else 413): a scope and a label. */
export const CREATE_KEY_BODY_LIMIT_BYTES = 4 * 1024;

/** `POST /v1/keys` and `POST /v1/admin/tenants/{tenantId}/keys`. */
export const createKeyRequestSchema = z
  .strictObject({
    scope: z
      .enum(['user', 'admin'])
      .describe('`user` submits and reads; `admin` also manages keys, learning and experiments'),
    label: plainText(100)
      .optional()
      .describe('What the key is for, as lists show it: 1 to 100 printable characters'),
  })
  .describe('A new key of a tenant: its secret is in the answer only');

export type CreateKeyRequest = z.infer<typeof createKeyRequestSchema>;

export const keyIdSchema = z.uuid().describe('The id the key was created with (see listApiKeys)');

export const tenantIdSchema = z
  .string()
  .regex(TENANT_PATTERN, 'must be 1 to 64 of A-Z a-z 0-9 _ -')
  .describe('The tenant: 1 to 64 of A-Z a-z 0-9 _ -');

/** What a key store does for the key routes: narrow, so a test passes three functions. */
export interface TenantKeyStore {
  create(key: {
    key: string;
    scope: TenantScope;
    tenantId: string;
    label: string | null;
  }): Promise<{ id: string; createdAt: Date }>;
  list(tenantId: string): Promise<
    {
      id: string;
      scope: TenantScope;
      label: string | null;
      createdAt: Date;
      revokedAt: Date | null;
    }[]
  >;
  revoke(tenantId: string, id: string): Promise<'revoked' | 'not-found' | 'last-admin'>;
}

/**
 * Mints a key of `tenantId` from a request body (a broken rule is a 422 naming the field)
 * and stores its hash. The answer is the only place the key is ever shown.
 */
export async function createTenantKey(store: TenantKeyStore, tenantId: string, body: unknown) {
  const request = parse(createKeyRequestSchema, body, 'The request body is invalid');
  const key = mintApiKey(request.scope);
  const stored = await store.create({
    key,
    scope: request.scope,
    tenantId,
    label: request.label ?? null,
  });
  return {
    id: stored.id,
    key,
    scope: request.scope,
    tenantId,
    label: request.label ?? null,
    createdAt: stored.createdAt.toISOString(),
  };
}

/** A tenant's keys, oldest first, without secrets (none is stored). */
export async function listTenantKeys(store: TenantKeyStore, tenantId: string) {
  const keys = await store.list(tenantId);
  return {
    items: keys.map((key) => ({
      id: key.id,
      scope: key.scope,
      label: key.label,
      createdAt: key.createdAt.toISOString(),
      revokedAt: key.revokedAt?.toISOString() ?? null,
    })),
  };
}

/**
 * Revokes a live key of the tenant: a 404 when it has none with that id (another tenant's
 * is as absent), a 409 when it is the tenant's last live admin key, which would leave
 * nobody able to make keys for it.
 */
export async function revokeTenantKey(
  store: TenantKeyStore,
  tenantId: string,
  rawId: string | undefined,
): Promise<void> {
  const id = parsePathParameter('id', keyIdSchema, rawId);
  const outcome = await store.revoke(tenantId, id);
  if (outcome === 'not-found') throw new NotFoundError('No live key with this id in this tenant');
  if (outcome === 'last-admin') {
    throw new ConflictError(
      "This is the tenant's last live admin key: create another admin key first, so the " +
        'tenant is not locked out',
    );
  }
}

/** A path parameter by its schema: a broken rule is a 422 naming it. */
export function parsePathParameter<T>(
  name: string,
  schema: z.ZodType<T>,
  raw: string | undefined,
): T {
  const parsed = z.object({ [name]: schema }).safeParse({ [name]: raw }, { reportInput: true });
  if (!parsed.success) {
    throw new ValidationError(`The path parameter ${name} is invalid`, {
      errors: toFieldErrors(parsed.error),
    });
  }
  return parsed.data[name] as T;
}

function parse<T>(schema: z.ZodType<T>, body: unknown, message: string): T {
  const parsed = schema.safeParse(body, { reportInput: true });
  if (!parsed.success) throw new ValidationError(message, { errors: toFieldErrors(parsed.error) });
  return parsed.data;
}
