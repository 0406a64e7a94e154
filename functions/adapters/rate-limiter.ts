import type { Redis } from 'ioredis';
import {
  decideGcra,
  describeDecision,
  type GcraStep,
  gcraParameters,
  type RateLimitDecision,
  type RateLimitPolicy,
} from '#core/rate-limit-policy';
import { logger } from './logger';
import { redisClient } from './redis';

/**
 * `decideGcra` in Lua, so that read, decide and write are one atomic step in Redis: N
 * concurrent requests from any number of instances admit exactly what one sequence would.
 * Time is Redis's own `TIME`, so instances' clocks do not matter. ARGV[3], when given,
 * replaces that clock; only tests use it, to replay arrival times against the model.
 * Numbers are integer milliseconds (exact in Lua's doubles) and written with %.0f, because
 * `tostring` keeps only 14 digits. Inline rather than a .lua file: esbuild bundles each
 * function into one file.
 *
 * Returns {allowed (1 or 0), tat, now}. The key expires when its quota is fully back.
 */
export const GCRA_SCRIPT = `
local interval = tonumber(ARGV[1])
local capacity = tonumber(ARGV[2])
local now
if ARGV[3] ~= nil and ARGV[3] ~= '' then
  now = tonumber(ARGV[3])
else
  local time = redis.call('TIME')
  now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end
local stored = tonumber(redis.call('GET', KEYS[1]))
local tat = now
if stored ~= nil and stored > now then
  tat = stored
end
local next_tat = tat + interval
if next_tat - now <= capacity then
  redis.call('SET', KEYS[1], string.format('%.0f', next_tat), 'PX', string.format('%.0f', next_tat - now))
  return {1, next_tat, now}
end
return {0, tat, now}
`;

const COMMAND = 'rateLimitGcra';

type GcraCommand = (
  key: string,
  intervalMs: number,
  capacityMs: number,
  nowMs: string,
) => Promise<unknown>;

// defineCommand adds a method per client: EVALSHA, falling back to EVAL on NOSCRIPT.
const withScript = new WeakSet<Redis>();

/** A GCRA step as Redis decided it, with Redis's clock reading. */
export interface RedisGcraStep extends GcraStep {
  now: number;
}

/** Runs the script once on `key` (prefixed by the client's `keyPrefix`). */
export async function evaluateGcraScript(
  redis: Redis,
  key: string,
  policy: RateLimitPolicy,
  nowMs?: number,
): Promise<RedisGcraStep> {
  if (!withScript.has(redis)) {
    redis.defineCommand(COMMAND, { numberOfKeys: 1, lua: GCRA_SCRIPT });
    withScript.add(redis);
  }
  // ioredis types cannot know a command defined at run time.
  const command = (redis as unknown as Record<typeof COMMAND, GcraCommand>)[COMMAND].bind(redis);
  const { intervalMs, capacityMs } = gcraParameters(policy);
  const reply = await command(key, intervalMs, capacityMs, nowMs === undefined ? '' : `${nowMs}`);
  return parseReply(reply);
}

function parseReply(reply: unknown): RedisGcraStep {
  if (
    Array.isArray(reply) &&
    reply.length === 3 &&
    reply.every((value) => typeof value === 'number' && Number.isSafeInteger(value))
  ) {
    const [allowed, tat, now] = reply as [number, number, number];
    return { allowed: allowed === 1, tat, now };
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
  /** This instance's clock, for the breaker and the in-memory buckets. */
  clock?: () => number;
}

// 100 ms keeps a frozen Redis within the 250 ms the issue allows; 5 s between probes
// means at most one request in 5 s pays that wait during an outage.
const DEFAULT_DEADLINE_MS = 100;
const DEFAULT_COOLDOWN_MS = 5_000;
// Past this many buckets, memory drops those whose quota is fully back (they equal fresh).
const MEMORY_PRUNE_SIZE = 10_000;

/** Redis did not answer in time. */
export class RateLimitDeadlineError extends Error {
  constructor(deadlineMs: number) {
    super(`Redis did not decide within ${deadlineMs} ms`);
    this.name = 'RateLimitDeadlineError';
  }
}

/**
 * The limiter: GCRA in Redis, shared by all instances. When Redis fails or misses the
 * deadline, a breaker skips it for `cooldownMs` and the same GCRA runs in this instance's
 * memory, so requests are still limited, per instance. The outage is logged once when it
 * starts and once when Redis answers again, never per request.
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const cooldownMs = options.cooldownMs ?? DEFAULT_COOLDOWN_MS;
  const clock = options.clock ?? Date.now;
  if (!(deadlineMs > 0) || !(cooldownMs >= 0)) {
    throw new Error('The rate limiter needs a positive deadline and a non-negative cooldown');
  }
  const memory = new Map<string, number>();
  let degraded = false;
  let skipRedisUntil = 0;

  const decideInMemory = (bucket: string, policy: RateLimitPolicy): LimiterDecision => {
    const now = clock();
    if (memory.size > MEMORY_PRUNE_SIZE) {
      for (const [key, tat] of memory) if (tat <= now) memory.delete(key);
    }
    const step = decideGcra(policy, memory.get(bucket), now);
    if (step.allowed) memory.set(bucket, step.tat);
    return { ...describeDecision(policy, step, now), source: 'memory' };
  };

  return {
    async decide(bucket, policy) {
      const redis = options.redis();
      if (!redis || clock() < skipRedisUntil) return decideInMemory(bucket, policy);
      try {
        const step = await withDeadline(
          evaluateGcraScript(redis, `rate-limit:${bucket}`, policy),
          deadlineMs,
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

async function withDeadline<T>(promise: Promise<T>, deadlineMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RateLimitDeadlineError(deadlineMs)), deadlineMs);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

let shared: RateLimiter | undefined;

/** The container's limiter, on the shared Redis client. */
export function sharedRateLimiter(): RateLimiter {
  shared ??= createRateLimiter({ redis: redisClient });
  return shared;
}
