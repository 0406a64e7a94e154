import type pg from 'pg';
import { hashApiKey, lookupPrefixOf, type Scope } from '#core/api-key';
import { ConflictError } from '#core/errors';

/**
 * The SQL of the api_keys table, shared by the `ops` routes, the migration function's
 * bootstrap keys, `npm run keys` and `npm start`. Only hashes are stored. Each statement
 * runs on what it is given: a pool, or one client inside a transaction where it says so.
 */
export interface Queryable {
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

/** A key as listed: never its secret, which is not stored. */
export interface ApiKeyRecord {
  id: string;
  scope: Scope;
  /** Null for an operator key: it belongs to no tenant. */
  tenantId: string | null;
  label: string | null;
  createdAt: Date;
  revokedAt: Date | null;
}

export interface NewApiKey {
  key: string;
  scope: Scope;
  tenantId: string | null;
  label: string | null;
}

type Row = {
  id: string;
  scope: Scope;
  tenant_id: string | null;
  label: string | null;
  created_at: Date;
  revoked_at: Date | null;
};

const COLUMNS = 'id, scope, tenant_id, label, created_at, revoked_at';

const recordOf = (row: Row): ApiKeyRecord => ({
  id: row.id,
  scope: row.scope,
  tenantId: row.tenant_id,
  label: row.label,
  createdAt: row.created_at,
  revokedAt: row.revoked_at,
});

/**
 * Stores a key's hash. Storing the same key again is harmless: the hash is unique and the
 * existing row is kept (and returned, `inserted` false); the same key under another scope
 * or tenant is a ConflictError.
 */
export async function insertApiKey(
  db: Queryable,
  key: NewApiKey,
): Promise<ApiKeyRecord & { inserted: boolean }> {
  const hash = hashApiKey(key.key);
  // xmax is 0 on a row this statement inserted, and set on one the conflict updated.
  const { rows } = await db.query<Row & { inserted: boolean }>(
    `INSERT INTO api_keys (key_hash, lookup_prefix, scope, tenant_id, label)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (key_hash) DO UPDATE SET label = api_keys.label
     RETURNING ${COLUMNS}, (xmax = 0) AS inserted`,
    [hash, lookupPrefixOf(hash), key.scope, key.tenantId, key.label],
  );
  const row = rows[0];
  if (!row || row.scope !== key.scope || row.tenant_id !== key.tenantId) {
    throw new ConflictError('That key is already registered with another scope or tenant');
  }
  return { ...recordOf(row), inserted: row.inserted };
}

/** Every key, or a tenant's, oldest first, revoked ones included. */
export async function selectApiKeys(db: Queryable, tenantId?: string): Promise<ApiKeyRecord[]> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM api_keys
      WHERE $1::text IS NULL OR tenant_id = $1 ORDER BY created_at, id`,
    [tenantId ?? null],
  );
  return rows.map(recordOf);
}

/** Revokes a live key by id, whoever it belongs to; false when there is none. */
export async function revokeApiKeyById(db: Queryable, id: string): Promise<boolean> {
  const result = await db.query(
    'UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL',
    [id],
  );
  return result.rowCount === 1;
}

/** Revokes every live key registered under a label; how many. */
export async function revokeApiKeysLabelled(db: Queryable, label: string): Promise<number> {
  const result = await db.query(
    'UPDATE api_keys SET revoked_at = now() WHERE label = $1 AND revoked_at IS NULL',
    [label],
  );
  return result.rowCount ?? 0;
}

export type TenantRevocation = 'revoked' | 'not-found' | 'last-admin';

/**
 * Revokes a live key of one tenant, unless it is the tenant's last live admin key. Run it
 * in a transaction: the key and the tenant's live admin keys are locked first, so two
 * revocations of a tenant's last two admin keys at once take turns, and the second sees
 * that only one is left.
 */
export async function revokeTenantApiKey(
  client: Queryable,
  tenantId: string,
  id: string,
): Promise<TenantRevocation> {
  const { rows } = await client.query<{ id: string; scope: Scope }>(
    `SELECT id, scope FROM api_keys
      WHERE tenant_id = $1 AND revoked_at IS NULL AND (id = $2 OR scope = 'admin')
      FOR UPDATE`,
    [tenantId, id],
  );
  const target = rows.find((row) => row.id === id);
  if (!target) return 'not-found';
  if (target.scope === 'admin' && rows.filter((row) => row.scope === 'admin').length <= 1) {
    return 'last-admin';
  }
  await revokeApiKeyById(client, id);
  return 'revoked';
}

/**
 * Registers a key that lives elsewhere (a bootstrap secret) under its label, the one live
 * key with that label: a live row with the label and another hash (the secret was rotated)
 * is revoked. Registering the same key again changes nothing. Run it in a transaction.
 */
export async function replaceLabelledApiKey(
  client: Queryable,
  key: NewApiKey & { label: string },
): Promise<{ record: ApiKeyRecord; created: boolean; revoked: number }> {
  const hash = hashApiKey(key.key);
  const revoked = await client.query(
    `UPDATE api_keys SET revoked_at = now()
      WHERE label = $1 AND revoked_at IS NULL AND key_hash <> $2`,
    [key.label, hash],
  );
  const { inserted, ...record } = await insertApiKey(client, key);
  return { record, created: inserted, revoked: revoked.rowCount ?? 0 };
}
