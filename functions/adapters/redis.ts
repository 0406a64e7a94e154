import { Redis, type RedisOptions } from 'ioredis';
import { environment } from '#config';
import { logger } from './logger';
import { readSecretString } from './secrets';
import { traced } from './tracer';

/** The subsegment of every Redis command, as X-Ray names the store. */
export const REDIS_TRACE_NAME = 'Redis';

let client: Redis | undefined;
let degraded = false;
/** After a failed command Redis is left alone this long: a frozen Redis must not cost every
 * read its command timeout. Reads meanwhile go to PostgreSQL, which is always correct. */
const SKIP_AFTER_FAILURE_MS = 1_000;
let skipUntil = 0;

/** After a failed read of the AUTH token, requests go without Redis this long before the next. */
const TOKEN_RETRY_AFTER_MS = 5_000;
let tokenRead: Promise<void> | undefined;
let tokenRetryAt = 0;

/**
 * The client's options, tuned to fail fast: Redis is a cache here, never the only copy, so
 * a slow or absent Redis must cost a request milliseconds, not seconds. `password` is the
 * AUTH token, when the server wants one. TLS is the URL's: ioredis turns it on for `rediss://`.
 */
export function redisOptionsOf(settings: { keyPrefix: string; password?: string }): RedisOptions {
  return {
    keyPrefix: settings.keyPrefix,
    ...(settings.password === undefined ? {} : { password: settings.password }),
    lazyConnect: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 500,
    commandTimeout: 150,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  };
}

/**
 * The container's Redis client, or undefined when there is none: no REDIS_URL, or its AUTH
 * token (REDIS_AUTH_SECRET_ARN) not read yet. The token is read once, in the background, from
 * the first call (at cold start, by the rate limiter); until it is here the functions run as
 * they do while a client connects, rate limits in memory and reads from PostgreSQL.
 */
export function redisClient(): Redis | undefined {
  const { REDIS_URL, REDIS_KEY_PREFIX, REDIS_AUTH_SECRET_ARN } = environment();
  if (!REDIS_URL) return undefined;
  if (client) return client;
  if (REDIS_AUTH_SECRET_ARN === undefined) {
    client = connectRedis(REDIS_URL, redisOptionsOf({ keyPrefix: REDIS_KEY_PREFIX }));
    return client;
  }
  if (!tokenRead && Date.now() >= tokenRetryAt) {
    tokenRead = readSecretString(REDIS_AUTH_SECRET_ARN).then(
      (password) => {
        client ??= connectRedis(
          REDIS_URL,
          redisOptionsOf({ keyPrefix: REDIS_KEY_PREFIX, password }),
        );
      },
      (error: unknown) => {
        tokenRead = undefined;
        tokenRetryAt = Date.now() + TOKEN_RETRY_AFTER_MS;
        logger.warn('The Redis AUTH token cannot be read; serving without Redis', { error });
      },
    );
  }
  return undefined;
}

/** Waits for the AUTH token's read, if one is under way: for tests and warm-up. */
export async function redisReady(): Promise<Redis | undefined> {
  redisClient();
  await tokenRead;
  return redisClient();
}

function connectRedis(url: string, options: RedisOptions): Redis {
  const created = new Redis(url, options);
  // Listeners once, with the client: redisClient runs on every request.
  created.on('error', () => {});
  created.on('ready', () => {
    if (degraded) logger.info('Redis is back; caching resumes');
    degraded = false;
    skipUntil = 0;
  });
  return created;
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
