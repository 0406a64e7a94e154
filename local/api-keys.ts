import pg from 'pg';
import {
  hashApiKey,
  lookupPrefixOf,
  mintApiKey,
  type Scope,
  shapeOfApiKey,
  TENANT_PATTERN,
} from '../functions/core/api-key';

/** Key management: used by `npm run keys`, `npm start` and the tests. Only hashes are stored. */
export interface ApiKeyRecord {
  id: string;
  scope: Scope;
  /** Null for an operator key: it belongs to no tenant. */
  tenantId: string | null;
  label: string | null;
  createdAt: Date;
  revokedAt: Date | null;
}

export const DEFAULT_TENANT = 'default';

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
  const hash = hashApiKey(key);
  return withClient(databaseUrl, async (client) => {
    const result = await client.query<{ id: string; scope: Scope; tenant_id: string | null }>(
      `INSERT INTO api_keys (key_hash, lookup_prefix, scope, tenant_id, label)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (key_hash) DO UPDATE SET label = api_keys.label
       RETURNING id, scope, tenant_id`,
      [hash, lookupPrefixOf(hash), scope, tenantId, options.label ?? null],
    );
    const row = result.rows[0];
    if (!row || row.scope !== scope || row.tenant_id !== tenantId) {
      throw new Error('That key is already registered with another scope or tenant');
    }
    return { id: row.id, key };
  });
}

export async function listApiKeys(databaseUrl: string, tenantId?: string): Promise<ApiKeyRecord[]> {
  return withClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{
      id: string;
      scope: Scope;
      tenant_id: string | null;
      label: string | null;
      created_at: Date;
      revoked_at: Date | null;
    }>(
      `SELECT id, scope, tenant_id, label, created_at, revoked_at FROM api_keys
        WHERE $1::text IS NULL OR tenant_id = $1 ORDER BY created_at`,
      [tenantId ?? null],
    );
    return rows.map((row) => ({
      id: row.id,
      scope: row.scope,
      tenantId: row.tenant_id,
      label: row.label,
      createdAt: row.created_at,
      revokedAt: row.revoked_at,
    }));
  });
}

/** Revokes a key by id; false when there is no such live key. */
export async function revokeApiKey(databaseUrl: string, id: string): Promise<boolean> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return false;
  return withClient(databaseUrl, async (client) => {
    const result = await client.query(
      'UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL',
      [id],
    );
    return result.rowCount === 1;
  });
}

/** Revokes every key registered under a label (keys `npm start` made in earlier runs). */
export async function revokeApiKeysLabelled(databaseUrl: string, label: string): Promise<number> {
  return withClient(databaseUrl, async (client) => {
    const result = await client.query(
      'UPDATE api_keys SET revoked_at = now() WHERE label = $1 AND revoked_at IS NULL',
      [label],
    );
    return result.rowCount ?? 0;
  });
}
