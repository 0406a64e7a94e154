import { createHash } from 'node:crypto';
import { tryRedis } from './redis';

/**
 * Cache-aside for metrics. Entries are keyed by a per-tenant generation that `learn`
 * bumps after every commit, so a cached answer is never older than what was learned;
 * the TTL only bounds memory.
 */
export async function cachedMetrics<T>(
  tenantId: string,
  params: unknown,
  ttlSeconds: number,
  compute: () => Promise<T>,
): Promise<T> {
  if (ttlSeconds === 0) return compute();
  const generation = await tryRedis((redis) => redis.get(generationKey(tenantId)), null);
  const paramsHash = createHash('sha256').update(JSON.stringify(params)).digest('hex').slice(0, 32);
  const key = `metrics:${tenantId}:${generation ?? '0'}:${paramsHash}`;
  const hit = await tryRedis((redis) => redis.get(key), null);
  if (hit !== null) return JSON.parse(hit) as T;
  const value = await compute();
  await tryRedis((redis) => redis.set(key, JSON.stringify(value), 'EX', ttlSeconds), null);
  return value;
}

/** Called after `learn` commits: every cached metric of these tenants is now stale. */
export async function invalidateMetrics(tenantIds: Iterable<string>): Promise<void> {
  const keys = [...new Set(tenantIds)].map(generationKey);
  if (keys.length === 0) return;
  await tryRedis(async (redis) => {
    const pipeline = redis.pipeline();
    for (const key of keys) pipeline.incr(key);
    await pipeline.exec();
  }, undefined);
}

function generationKey(tenantId: string): string {
  return `metrics-generation:${tenantId}`;
}
