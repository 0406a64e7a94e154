import { hashApiKey, type Principal, type Scope } from '#core/api-key';
import { query } from './postgres';

const CACHE_MS = 5_000;
const cache = new Map<string, { principal: Principal | null; until: number }>();

/**
 * Finds the principal of a key by its hash. Answers are cached for five seconds per
 * container, so a revoked key stops working within that time.
 */
export async function findPrincipal(key: string): Promise<Principal | null> {
  const hash = hashApiKey(key);
  const cacheKey = hash.toString('hex');
  const cached = cache.get(cacheKey);
  if (cached && cached.until > Date.now()) return cached.principal;
  const { rows } = await query<{ id: string; scope: Scope; tenant_id: string }>(
    'SELECT id, scope, tenant_id FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL',
    [hash],
  );
  const row = rows[0];
  const principal = row ? { keyId: row.id, scope: row.scope, tenantId: row.tenant_id } : null;
  if (cache.size > 10_000) cache.clear();
  cache.set(cacheKey, { principal, until: Date.now() + CACHE_MS });
  return principal;
}
