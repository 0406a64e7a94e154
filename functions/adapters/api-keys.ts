import { timingSafeEqual } from 'node:crypto';
import { hashApiKey, lookupPrefixOf, type Principal, type Scope } from '#core/api-key';
import { query } from './postgres';

// Under five seconds: a revoked key stops working within 5 s on every warm instance.
const CACHE_MS = 4_000;
const MAX_CACHED = 10_000;
const cache = new Map<string, { principal: Principal | null; until: number }>();

/**
 * Finds the principal of a key: rows by hash prefix, then the full SHA-256 compared in
 * constant time. Answers (also "no such key") are cached briefly per instance, so a
 * flood of requests with one key costs one look-up, not one each.
 */
export async function findPrincipal(key: string): Promise<Principal | null> {
  const hash = hashApiKey(key);
  const cacheKey = hash.toString('base64');
  const cached = cache.get(cacheKey);
  if (cached && cached.until > Date.now()) return cached.principal;

  const { rows } = await query<{ id: string; key_hash: Buffer; scope: Scope; tenant_id: string }>(
    `SELECT id, key_hash, scope, tenant_id FROM api_keys
      WHERE lookup_prefix = $1 AND revoked_at IS NULL`,
    [lookupPrefixOf(hash)],
  );
  let principal: Principal | null = null;
  for (const row of rows) {
    if (timingSafeEqual(row.key_hash, hash)) {
      principal = { keyId: row.id, scope: row.scope, tenantId: row.tenant_id };
    }
  }
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(cacheKey, { principal, until: Date.now() + CACHE_MS });
  return principal;
}
