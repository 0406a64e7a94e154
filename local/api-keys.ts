import pg from 'pg';
import { API_KEY_PATTERN, generateApiKey, hashApiKey, type Scope } from '../functions/core/api-key';

/**
 * Registers a key (given, or a new random one) and returns it. Registering the same key
 * again is harmless: only its hash is stored, and the hash is unique.
 */
export async function registerApiKey(
  databaseUrl: string,
  scope: Scope,
  options: { key?: string; tenantId?: string; label?: string } = {},
): Promise<string> {
  const key = options.key ?? generateApiKey(scope);
  if (!API_KEY_PATTERN.test(key)) {
    throw new Error(`A ${scope} key must be 24 or more characters of [A-Za-z0-9_]`);
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query(
      `INSERT INTO api_keys (key_hash, scope, tenant_id, label) VALUES ($1, $2, $3, $4)
       ON CONFLICT (key_hash) DO UPDATE SET label = api_keys.label
       RETURNING scope`,
      [hashApiKey(key), scope, options.tenantId ?? 'default', options.label ?? null],
    );
    if (result.rows[0]?.scope !== scope) {
      throw new Error('That key is already registered with another scope');
    }
    return key;
  } finally {
    await client.end();
  }
}

/** Revokes every key registered under a label (keys `npm start` made in earlier runs). */
export async function revokeApiKeysLabelled(databaseUrl: string, label: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query(
      'UPDATE api_keys SET revoked_at = now() WHERE label = $1 AND revoked_at IS NULL',
      [label],
    );
    return result.rowCount ?? 0;
  } finally {
    await client.end();
  }
}
