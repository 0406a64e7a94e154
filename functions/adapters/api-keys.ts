import { timingSafeEqual } from 'node:crypto';
import { type Caller, hashApiKey, lookupPrefixOf, type Scope } from '#core/api-key';
import { BoundedCache } from '#core/bounded-cache';
import { query } from './postgres';

// Under five seconds: a revoked key stops working within 5 s on every warm instance, and a
// key created after it was tried works within 5 s.
const CACHE_MS = 4_000;

// Two caches, so that a flood of unknown keys can evict only other unknown keys, never the
// entries of the keys that work.
const known = new BoundedCache<Caller>({ maxEntries: 10_000, ttlMs: CACHE_MS });
const unknown = new BoundedCache<true>({ maxEntries: 20_000, ttlMs: CACHE_MS });

/** What this instance's look-ups cost, for tests and benchmarks: database round trips. */
export const keyLookupCounters = { databaseLookups: 0, unknownKeyCacheHits: 0 };

/**
 * Finds who a key belongs to: rows by hash prefix, then the full SHA-256 compared in
 * constant time. Answers, "no such key" included, are cached briefly per instance, so a
 * flood of requests with one key (valid or not) costs one look-up, not one each.
 */
export async function findCaller(key: string): Promise<Caller | null> {
  const hash = hashApiKey(key);
  const cacheKey = hash.toString('base64');
  const cached = known.get(cacheKey);
  if (cached) return cached;
  if (unknown.get(cacheKey)) {
    keyLookupCounters.unknownKeyCacheHits += 1;
    return null;
  }

  keyLookupCounters.databaseLookups += 1;
  const { rows } = await query<{
    id: string;
    key_hash: Buffer;
    scope: Scope;
    tenant_id: string | null;
  }>(
    `SELECT id, key_hash, scope, tenant_id FROM api_keys
      WHERE lookup_prefix = $1 AND revoked_at IS NULL`,
    [lookupPrefixOf(hash)],
  );
  let caller: Caller | null = null;
  for (const row of rows) {
    if (timingSafeEqual(row.key_hash, hash)) caller = callerOf(row);
  }
  if (caller) known.set(cacheKey, caller);
  else unknown.set(cacheKey, true);
  return caller;
}

/** The table's constraint ties a null tenant to the operator scope; this holds it in types. */
function callerOf(row: { id: string; scope: Scope; tenant_id: string | null }): Caller | null {
  if (row.scope === 'operator') return { keyId: row.id, scope: 'operator', tenantId: null };
  if (row.tenant_id === null) return null;
  return { keyId: row.id, scope: row.scope, tenantId: row.tenant_id };
}
