import { Redis } from 'ioredis';
import { environment } from '#config';
import { logger } from './logger';
import { traced } from './tracer';

/** The subsegment of every Redis command, as X-Ray names the store. */
export const REDIS_TRACE_NAME = 'Redis';

let client: Redis | undefined;
let degraded = false;
/** After a failed command Redis is left alone this long: a frozen Redis must not cost every
 * read its command timeout. Reads meanwhile go to PostgreSQL, which is always correct. */
const SKIP_AFTER_FAILURE_MS = 1_000;
let skipUntil = 0;

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
    skipUntil = 0;
  });
  return client;
}

/**
 * Runs a Redis command (`operation` names it in the trace: `GET`, never the key); on
 * failure logs once per outage and answers `fallback`. A client not connected yet (a new
 * instance, a reconnect) answers `fallback` at once: with no offline queue its commands
 * would fail anyway, and that is no outage.
 */
export async function tryRedis<T>(
  operation: string,
  command: (redis: Redis) => Promise<T>,
  fallback: T,
): Promise<T> {
  const redis = redisClient();
  if (redis?.status !== 'ready' || Date.now() < skipUntil) return fallback;
  try {
    return await traced(REDIS_TRACE_NAME, operation, () => command(redis));
  } catch (error) {
    skipUntil = Date.now() + SKIP_AFTER_FAILURE_MS;
    if (!degraded) {
      degraded = true;
      logger.warn('Redis is unavailable; serving from PostgreSQL without cache', { error });
    }
    return fallback;
  }
}
