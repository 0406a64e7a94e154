import { createHash } from 'node:crypto';
import { SingleFlight } from '#core/single-flight';
import { readLearnedStateVersion } from './learned-state-version';
import { tryRedis } from './redis';
import { countMetric, METRIC } from './service-metrics';

/** How an answer was served, as an RFC 9211 `Cache-Status` field value. */
export type CacheStatus = string;

export interface CachedAnswer<T> {
  value: T;
  cacheStatus: CacheStatus;
}

const CACHE_NAME = 'rename-feedback';
const computing = new SingleFlight<{ value: unknown; stored: boolean }>();

/**
 * Cache-aside for what `learn` has learned of a tenant (metrics, calibration bins).
 * Each entry's key holds the database's identity and the tenant's learned-state version,
 * both read from PostgreSQL with every read; `learn` changes the version in the
 * transaction that learns. So a read that starts after a commit never finds an entry
 * older than it, whatever Redis does (slow, frozen, flushed, restarted, a write lost):
 * Redis can cost a miss, never a stale answer. The TTL only bounds memory.
 *
 * Concurrent misses of one key in this instance compute once (single-flight). Across
 * instances each computes at most once per version: N instances, at most N computations,
 * with no lock in Redis that a reader would have to wait on.
 */
export async function readThroughLearnedCache<T>(
  tenantId: string,
  params: unknown,
  ttlSeconds: number,
  compute: () => Promise<T>,
): Promise<CachedAnswer<T>> {
  if (ttlSeconds === 0) return { value: await compute(), cacheStatus: `${CACHE_NAME}; fwd=bypass` };
  const version = await readLearnedStateVersion(tenantId);
  const key = learnedCacheKey(version.database, tenantId, version.token, params);
  const cached = await tryRedis('GET', (redis) => redis.get(key), null);
  const hit = cached === null ? undefined : parseEntry<T>(cached);
  if (hit !== undefined) {
    countMetric(METRIC.cacheHit);
    return { value: hit, cacheStatus: `${CACHE_NAME}; hit` };
  }
  countMetric(METRIC.cacheMiss);
  const { value, shared } = await computing.run(key, async () => {
    const value = await compute();
    const stored = await tryRedis(
      'SET',
      async (redis) => (await redis.set(key, JSON.stringify(value), 'EX', ttlSeconds)) === 'OK',
      false,
    );
    return { value, stored };
  });
  const outcome = shared ? 'collapsed' : value.stored ? 'stored' : 'detail=not-stored';
  return { value: value.value as T, cacheStatus: `${CACHE_NAME}; fwd=miss; ${outcome}` };
}

/** The key of one cached answer; exported for tests. */
export function learnedCacheKey(
  database: string,
  tenantId: string,
  token: string | null,
  params: unknown,
): string {
  const hash = createHash('sha256')
    .update(JSON.stringify([tenantId, params]))
    .digest('base64url')
    .slice(0, 32);
  return `learned:${database}:${token ?? 'none'}:${hash}`;
}

/** An entry that does not parse (written by another version of this code) is a miss. */
function parseEntry<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}
