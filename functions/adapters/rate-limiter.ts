import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import {
  describeDecision,
  type RateLimitDecision,
  type RateLimitPolicy,
  type WindowStep,
} from '#core/rate-limit-policy';
import { logger } from './logger';
import { createMemoryWindows } from './memory-windows';
import { REDIS_TRACE_NAME, redisClient } from './redis';
import { traced } from './tracer';

/**
 * `decideSlidingWindow` in Lua, on a sorted set of admission times, so that trim, count
 * and add are one atomic step in Redis: N concurrent requests from any number of instances
 * admit exactly what one sequence would. Time is Redis's own `TIME`, so instances' clocks
 * do not matter. ARGV[4], when given, replaces that clock; only tests use it, to replay
 * arrival times against the model. Members are unique ids (ARGV[3]) so that admissions in
 * the same millisecond are all kept. Times are integer milliseconds (exact in Lua's doubles)
 * written with %.0f, because `tostring` keeps only 14 digits. The key expires one window
 * after its newest admission, when it would count nothing. Inline rather than a .lua file:
 * esbuild bundles each function into one file.
 *
 * Returns {allowed (1 or 0), count, oldest, now}.
 */
export const SLIDING_WINDOW_SCRIPT = `
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local now
if ARGV[4] ~= nil and ARGV[4] ~= '' then
  now = tonumber(ARGV[4])
else
  local time = redis.call('TIME')
  now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%.0f', now - window))
local count = redis.call('ZCARD', KEYS[1])
local allowed = 0
if count < limit then
  redis.call('ZADD', KEYS[1], string.format('%.0f', now), ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  count = count + 1
  allowed = 1
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {allowed, count, tonumber(oldest[2]), now}
`;

const COMMAND = 'rateLimitSlidingWindow';

type WindowCommand = (
  key: string,
  limit: number,
  windowMs: number,
  member: string,
  nowMs: string,
) => Promise<unknown>;

// defineCommand adds a method per client: EVALSHA, falling back to EVAL on NOSCRIPT.
const withScript = new WeakSet<Redis>();

/** A sliding-window step as Redis decided it, with Redis's clock reading. */
export interface RedisWindowStep extends WindowStep {
  now: number;
}

/** Runs the script once on `key` (prefixed by the client's `keyPrefix`). */
export async function evaluateWindowScript(
  redis: Redis,
  key: string,
  policy: RateLimitPolicy,
  nowMs?: number,
): Promise<RedisWindowStep> {
  if (!withScript.has(redis)) {
    redis.defineCommand(COMMAND, { numberOfKeys: 1, lua: SLIDING_WINDOW_SCRIPT });
    withScript.add(redis);
  }
  // ioredis types cannot know a command defined at run time.
  const command = (redis as unknown as Record<typeof COMMAND, WindowCommand>)[COMMAND].bind(redis);
  const reply = await command(
    key,
    policy.limit,
    policy.windowSeconds * 1000,
    randomUUID(),
    nowMs === undefined ? '' : `${nowMs}`,
  );
  return parseReply(reply);
}

function parseReply(reply: unknown): RedisWindowStep {
  if (
    Array.isArray(reply) &&
    reply.length === 4 &&
    reply.every((value) => typeof value === 'number' && Number.isSafeInteger(value))
  ) {
    const [allowed, count, oldestMs, now] = reply as [number, number, number, number];
    return { allowed: allowed === 1, count, oldestMs, now };
  }
  throw new Error(`Unexpected reply from the rate limit script: ${JSON.stringify(reply)}`);
}

/** Where a decision was made: Redis (shared by all instances) or this instance's memory. */
export interface LimiterDecision extends RateLimitDecision {
  source: 'redis' | 'memory';
}

/** Decides whether the request on `bucket` (`<key id>:<class>`) may proceed. */
export interface RateLimiter {
  decide(bucket: string, policy: RateLimitPolicy): Promise<LimiterDecision>;
}

export interface RateLimiterOptions {
  /** The client to use, or undefined when there is no Redis: then memory only, silently. */
  redis: () => Redis | undefined;
  /** Longest a request waits for Redis before deciding in memory. */
  deadlineMs?: number;
  /** After a failure, how long Redis is left alone before it is tried again. */
  cooldownMs?: number;
  /** This instance's clock, for the breaker and the in-memory windows. */
  clock?: () => number;
  /** How many keys' windows memory may hold; see `createMemoryWindows`. */
  maxMemoryBuckets?: number;
}

// 100 ms keeps a frozen Redis within the 250 ms the issue allows; 5 s between probes
// means at most one request in 5 s pays that wait during an outage.
const DEFAULT_DEADLINE_MS = 100;
const DEFAULT_COOLDOWN_MS = 5_000;

/** Redis did not answer in time. */
export class RateLimitDeadlineError extends Error {
  constructor(deadlineMs: number) {
    super(`Redis did not decide within ${deadlineMs} ms`);
    this.name = 'RateLimitDeadlineError';
  }
}

/**
 * The limiter: a sliding-window log in Redis, shared by all instances. When Redis fails or
 * misses the deadline, a breaker skips it for `cooldownMs` and the same log runs in this
 * instance's memory, so requests are still limited, per instance. The outage is logged once
 * when it starts and once when Redis answers again, never per request.
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const cooldownMs = options.cooldownMs ?? DEFAULT_COOLDOWN_MS;
  const clock = options.clock ?? Date.now;
  if (!(deadlineMs > 0) || !(cooldownMs >= 0)) {
    throw new Error('The rate limiter needs a positive deadline and a non-negative cooldown');
  }
  const memory = createMemoryWindows(options.maxMemoryBuckets);
  let degraded = false;
  let skipRedisUntil = 0;

  const decideInMemory = (bucket: string, policy: RateLimitPolicy): LimiterDecision => {
    const now = clock();
    const step = memory.decide(bucket, policy, now);
    return { ...describeDecision(policy, step, now), source: 'memory' };
  };

  return {
    async decide(bucket, policy) {
      const redis = options.redis();
      if (!redis || clock() < skipRedisUntil) return decideInMemory(bucket, policy);
      try {
        const step = await traced(REDIS_TRACE_NAME, 'EVALSHA rate-limit', () =>
          withinDeadline(redis, deadlineMs, () =>
            evaluateWindowScript(redis, `rate-limit:${bucket}`, policy),
          ),
        );
        if (degraded) {
          degraded = false;
          logger.info('Rate limiting restored', { store: 'redis' });
        }
        return { ...describeDecision(policy, step, step.now), source: 'redis' };
      } catch (error) {
        skipRedisUntil = clock() + cooldownMs;
        if (!degraded) {
          degraded = true;
          logger.warn('Rate limiting degraded to per-instance', { error, retryInMs: cooldownMs });
        }
        return decideInMemory(bucket, policy);
      }
    },
  };
}

/**
 * Runs `evaluate` once the client is connected, if both fit in `deadlineMs`. A new
 * container's first requests find the client still connecting, and with the offline queue
 * off a command would fail at once, trip the breaker and send the new instance to memory
 * for the whole cooldown: so wait for the connection, within the same deadline. Once the
 * deadline has passed the script is not sent at all: no quota is spent for an answer that
 * nobody waits for.
 */
async function withinDeadline<T>(
  redis: Redis,
  deadlineMs: number,
  evaluate: () => Promise<T>,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let onReady: (() => void) | undefined;
  let expired = false;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      expired = true;
      reject(new RateLimitDeadlineError(deadlineMs));
    }, deadlineMs);
  });
  const work = async () => {
    if (redis.status !== 'ready') {
      await new Promise<void>((resolve) => {
        onReady = resolve;
        redis.once('ready', resolve);
      });
    }
    if (expired) throw new RateLimitDeadlineError(deadlineMs);
    return evaluate();
  };
  try {
    return await Promise.race([work(), deadline]);
  } finally {
    clearTimeout(timer);
    if (onReady) redis.off('ready', onReady);
  }
}

let shared: RateLimiter | undefined;

/** The container's limiter, on the shared Redis client. */
export function sharedRateLimiter(): RateLimiter {
  // Made at cold start: creating the client here starts its connection during the
  // function's init, so a new instance's first requests find Redis ready instead of
  // missing the deadline and deciding alone in memory.
  redisClient();
  shared ??= createRateLimiter({ redis: redisClient });
  return shared;
}
