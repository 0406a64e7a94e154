import { Redis } from 'ioredis';
import { environment } from '#config';
import { logger } from './logger';

let client: Redis | undefined;
let degraded = false;

/**
 * The container's Redis client, tuned to fail fast: Redis is a cache here, never the only
 * copy, so a slow or absent Redis must cost a request milliseconds, not seconds.
 */
export function redisClient(): Redis | undefined {
  const { REDIS_URL, REDIS_KEY_PREFIX } = environment();
  if (!REDIS_URL) return undefined;
  if (client) return client;
  // Listeners once, with the client: this function runs on every request.
  client = new Redis(REDIS_URL, {
    keyPrefix: REDIS_KEY_PREFIX,
    lazyConnect: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 500,
    commandTimeout: 150,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  client.on('error', () => {});
  client.on('ready', () => {
    if (degraded) logger.info('Redis is back; caching resumes');
    degraded = false;
  });
  return client;
}

/** Runs a Redis command; on failure logs once per outage and answers `fallback`. */
export async function tryRedis<T>(command: (redis: Redis) => Promise<T>, fallback: T): Promise<T> {
  const redis = redisClient();
  if (!redis) return fallback;
  try {
    return await command(redis);
  } catch (error) {
    if (!degraded) {
      degraded = true;
      logger.warn('Redis is unavailable; serving from PostgreSQL without cache', { error });
    }
    return fallback;
  }
}
