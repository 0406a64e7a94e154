import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import fc from 'fast-check';
import { Redis, type RedisOptions } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { logger } from '#adapters/logger';
import {
  createRateLimiter,
  evaluateGcraScript,
  type LimiterDecision,
  type RateLimiter,
} from '#adapters/rate-limiter';
import {
  decideGcra,
  gcraParameters,
  type RateLimitPolicy,
  rateLimitPolicies,
} from '#core/rate-limit-policy';
import { testRedisUrl } from './support/urls';

// Every key of this run lives under its own prefix, deleted at the end.
const PREFIX = `rf-test:rate-limit:${randomUUID()}:`;
const { user, admin } = rateLimitPolicies({ user: 100, metrics: 50, admin: 200 });
const DEGRADED = 'Rate limiting degraded to per-instance';
const RESTORED = 'Rate limiting restored';

/** The shared client's fail-fast options (adapters/redis.ts), on a given server. */
function connect(url: string, extra: RedisOptions = {}): Redis {
  const client = new Redis(url, {
    keyPrefix: PREFIX,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 500,
    commandTimeout: 150,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    ...extra,
  });
  client.on('error', () => {});
  return client;
}

const clients: Redis[] = [];
async function sharedRedisClient(extra: RedisOptions = {}): Promise<Redis> {
  const client = connect(testRedisUrl(), extra);
  await client.connect();
  clients.push(client);
  return client;
}

/**
 * For tests of what Redis decides: a noisy machine can hold hundreds of queued commands
 * past the production 150 ms timeout, which would test the fallback instead.
 */
const patientRedisClient = () => sharedRedisClient({ commandTimeout: 10_000 });

const admittedCount = (decisions: LimiterDecision[]) => decisions.filter((d) => d.allowed).length;
const bucket = () => `key-${randomUUID()}`;

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(async () => {
  const cleaner = connect(testRedisUrl(), { keyPrefix: '' });
  await cleaner.connect();
  const keys: string[] = [];
  for await (const batch of cleaner.scanStream({ match: `${PREFIX}*`, count: 1000 })) {
    keys.push(...(batch as string[]));
  }
  if (keys.length > 0) await cleaner.del(...keys);
  cleaner.disconnect();
  for (const client of clients) client.disconnect();
});

describe('the GCRA script in Redis', () => {
  it('decides exactly as the TypeScript model on the same arrival times', async () => {
    const redis = await patientRedisClient();
    // An hour's window: keys expire on Redis's real clock, so the shortest expiry (one
    // interval, here 12 s or more) must outlast a slow run even though the replayed
    // arrival times are fake.
    const policyArbitrary = fc
      .oneof(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 300 }))
      .map((limit): RateLimitPolicy => ({ name: 'user', limit, windowSeconds: 3_600 }));
    const gaps = fc.array(
      fc.oneof(
        { arbitrary: fc.constant(0), weight: 3 },
        { arbitrary: fc.integer({ min: 0, max: 1_000 }), weight: 3 },
        { arbitrary: fc.integer({ min: 0, max: 60_000 }), weight: 2 },
        { arbitrary: fc.integer({ min: 0, max: 600_000 }), weight: 1 },
      ),
      { maxLength: 120, size: 'max' },
    );
    let refusals = 0;
    await fc.assert(
      fc.asyncProperty(policyArbitrary, gaps, async (policy, gapsMs) => {
        const key = bucket();
        let at = 1_717_236_000_000;
        let tat: number | undefined;
        for (const gap of gapsMs) {
          at += gap;
          const model = decideGcra(policy, tat, at);
          if (model.allowed) tat = model.tat;
          const script = await evaluateGcraScript(redis, key, policy, at);
          expect(script).toEqual({ ...model, now: at });
          if (!model.allowed) refusals += 1;
        }
      }),
      { numRuns: 60 },
    );
    // The runs must have exercised refusals, or agreement would say little.
    expect(refusals).toBeGreaterThan(0);
  });

  it('admits 500 concurrent decisions from 10 instances exactly up to the limit, and no other key is touched', async () => {
    const instances = await Promise.all(Array.from({ length: 10 }, () => patientRedisClient()));
    const [hot, cold] = [bucket(), bucket()];
    // One instant for all: nothing refills while they race, so exactly 100 may pass.
    const at = 1_717_236_000_000;

    const steps = await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        evaluateGcraScript(instances[i % 10] as Redis, hot, user, at),
      ),
    );
    const other = await evaluateGcraScript(instances[0] as Redis, cold, user, at);

    expect(steps.filter((s) => s.allowed)).toHaveLength(100);
    expect(other).toEqual({ allowed: true, tat: at + gcraParameters(user).intervalMs, now: at });
  });

  it('refuses the 101st request at once and admits one after Retry-After, on replayed time', async () => {
    const redis = await patientRedisClient();
    const key = bucket();
    const at = 1_717_236_000_000;
    const burst = await Promise.all(
      Array.from({ length: 101 }, () => evaluateGcraScript(redis, key, user, at)),
    );
    const refused = burst.filter((s) => !s.allowed);
    const { intervalMs, capacityMs } = gcraParameters(user);
    const retryAfterMs = Math.ceil(((refused[0]?.tat ?? 0) + intervalMs - capacityMs - at) / 1000);

    const retried = await evaluateGcraScript(redis, key, user, at + retryAfterMs * 1000);

    expect(refused).toHaveLength(1);
    expect(retried.allowed).toBe(true);
  });
});

describe('the Redis rate limiter', () => {
  it("admits 500 concurrent requests from 10 instances up to the limit on Redis's clock", async () => {
    // A generous deadline: this measures the script under contention, not the breaker.
    const limiters = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const redis = await patientRedisClient();
        return { redis, limiter: createRateLimiter({ redis: () => redis, deadlineMs: 10_000 }) };
      }),
    );
    const first = limiters[0] as { redis: Redis; limiter: RateLimiter };
    const [hot, cold] = [bucket(), bucket()];
    const redisMs = async () => {
      const [seconds, micros] = await first.redis.time();
      return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
    };

    const startedAt = await redisMs();
    const decisions = await Promise.all(
      Array.from({ length: 500 }, (_, i) => limiters[i % 10]?.limiter.decide(hot, user)),
    );
    const elapsedMs = (await redisMs()) - startedAt;
    const other = await first.limiter.decide(cold, user);

    const admitted = admittedCount(decisions.filter((d) => d !== undefined));
    // Real time passes while they race; GCRA may refill one request per interval of it.
    const refillable = Math.floor(elapsedMs / gcraParameters(user).intervalMs);
    console.log(
      `500 concurrent on limit 100: admitted ${admitted}, over-admission ${admitted - 100}, ` +
        `refill allowed by the ${elapsedMs} ms it took: ${refillable}`,
    );
    expect(decisions.every((d) => d?.source === 'redis')).toBe(true);
    expect(admitted).toBeGreaterThanOrEqual(100);
    expect(admitted).toBeLessThanOrEqual(100 + refillable);
    expect(other).toMatchObject({ allowed: true, remaining: 99, source: 'redis' });
  });

  it('admits a request sent after the Retry-After it was given', async () => {
    const redis = await patientRedisClient();
    const limiter = createRateLimiter({ redis: () => redis, deadlineMs: 10_000 });
    const key = bucket();
    let refused: LimiterDecision | undefined;
    // Spend the burst; a slow machine may see a refill or two, hence the loop.
    for (let i = 0; i < 1_000 && !refused; i++) {
      const decision = await limiter.decide(key, user);
      if (!decision.allowed) refused = decision;
    }
    if (!refused) throw new Error('The limiter never refused');

    // A refusal waits at most one interval (600 ms), so the rounded-up second is enough.
    await sleep(refused.retryAfterSeconds * 1000);
    const retried = await limiter.decide(key, user);

    expect(refused.retryAfterSeconds).toBe(1);
    expect(retried).toMatchObject({ allowed: true, source: 'redis' });
  });

  it('prints the latency of a decision on the shared Redis', async () => {
    // The production client and deadline: what a request pays.
    const redis = await sharedRedisClient();
    const limiter = createRateLimiter({ redis: () => redis });
    const key = bucket();
    const durations: number[] = [];
    const sources = { redis: 0, memory: 0 };
    for (let i = 0; i < 1_000; i++) {
      const started = process.hrtime.bigint();
      const decision = await limiter.decide(key, admin);
      durations.push(Number(process.hrtime.bigint() - started) / 1e6);
      sources[decision.source] += 1;
    }
    durations.sort((a, b) => a - b);
    const percentile = (p: number) => durations[Math.ceil((p / 100) * durations.length) - 1] ?? 0;
    console.log(
      `decision latency over ${durations.length}: p50 ${percentile(50).toFixed(3)} ms, ` +
        `p99 ${percentile(99).toFixed(3)} ms, max ${percentile(100).toFixed(3)} ms ` +
        `(${sources.redis} from Redis, ${sources.memory} from memory)`,
    );
    expect(sources.redis + sources.memory).toBe(1_000);
  });
});

describe('with Redis frozen or down', () => {
  // Never the shared Redis: a server of our own, which this suite may stop and freeze.
  let server: ChildProcess | undefined;
  let port = 0;

  beforeAll(async () => {
    port = await freePort();
    server = spawn(
      'redis-server',
      ['--port', `${port}`, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    await waitUntilAnswering(`redis://127.0.0.1:${port}`);
  });

  afterAll(() => {
    if (server?.pid === undefined) return;
    process.kill(server.pid, 'SIGCONT');
    server.kill('SIGTERM');
  });

  it('keeps deciding in memory while Redis is frozen, logs it once, and says once when it is back', async () => {
    const pid = server?.pid;
    if (pid === undefined) throw new Error('The test Redis did not start');
    const redis = connect(`redis://127.0.0.1:${port}`);
    await redis.connect();
    clients.push(redis);
    const warn = vi.spyOn(logger, 'warn');
    const info = vi.spyOn(logger, 'info');
    // The breaker's clock is the test's: the cooldown passes when the test says so.
    let now = Date.now();
    const cooldownMs = 5_000;
    const limiter = createRateLimiter({ redis: () => redis, clock: () => now, cooldownMs });
    const policy: RateLimitPolicy = { name: 'user', limit: 5, windowSeconds: 60 };
    const key = bucket();

    const before = await limiter.decide(key, policy);
    process.kill(pid, 'SIGSTOP');
    await waitForProcessState(pid, 'T');
    let frozen: LimiterDecision[];
    let timings: number[];
    try {
      const timed = async () => {
        const started = performance.now();
        const decision = await limiter.decide(key, policy);
        return { decision, ms: performance.now() - started };
      };
      // 15 at once run into the deadline together; 5 more find the breaker open.
      const concurrent = await Promise.all(Array.from({ length: 15 }, timed));
      const later: { decision: LimiterDecision; ms: number }[] = [];
      for (let i = 0; i < 5; i++) later.push(await timed());
      frozen = [...concurrent, ...later].map((t) => t.decision);
      timings = [...concurrent, ...later].map((t) => t.ms);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    console.log(
      `frozen Redis: first decisions took up to ${Math.max(...timings.slice(0, 15)).toFixed(1)} ms ` +
        `(deadline 100 ms), then up to ${Math.max(...timings.slice(15)).toFixed(1)} ms with the breaker open`,
    );

    expect(before.source).toBe('redis');
    expect(frozen.every((d) => d.source === 'memory')).toBe(true);
    expect(admittedCount(frozen)).toBe(5);
    expect(warn.mock.calls.filter(([message]) => message === DEGRADED)).toHaveLength(1);

    // Thawed: once the cooldown is over, the next request probes Redis. A probe may still
    // miss the deadline while the woken server catches up, so probe until one lands.
    let probe: LimiterDecision | undefined;
    for (let i = 0; i < 50 && probe?.source !== 'redis'; i++) {
      now += cooldownMs;
      probe = await limiter.decide(key, policy);
    }
    const after = await limiter.decide(key, policy);

    expect(probe?.source).toBe('redis');
    expect(after.source).toBe('redis');
    expect(info.mock.calls.filter(([message]) => message === RESTORED)).toHaveLength(1);
    expect(warn.mock.calls.filter(([message]) => message === DEGRADED)).toHaveLength(1);
  });

  it('limits in memory, logging once, when nothing listens where Redis should be', async () => {
    const redis = connect(`redis://127.0.0.1:${await freePort()}`);
    redis.connect().catch(() => {});
    clients.push(redis);
    const warn = vi.spyOn(logger, 'warn');
    // A still clock: the twelve requests arrive at one instant, however slow the machine.
    const now = Date.now();
    const limiter = createRateLimiter({ redis: () => redis, clock: () => now });
    const policy: RateLimitPolicy = { name: 'metrics', limit: 5, windowSeconds: 60 };
    const key = bucket();

    const decisions: LimiterDecision[] = [];
    for (let i = 0; i < 12; i++) decisions.push(await limiter.decide(key, policy));

    expect(decisions.every((d) => d.source === 'memory')).toBe(true);
    expect(admittedCount(decisions)).toBe(5);
    expect(decisions.at(-1)).toMatchObject({ allowed: false, retryAfterSeconds: 12 });
    expect(warn.mock.calls.filter(([message]) => message === DEGRADED)).toHaveLength(1);
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('No port');
  return address.port;
}

async function waitUntilAnswering(url: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    probe.on('error', () => {});
    try {
      await probe.connect();
      await probe.ping();
      return;
    } catch {
      // Not listening yet: the server is still starting.
      await sleep(50);
    } finally {
      probe.disconnect();
    }
  }
  throw new Error(`redis-server at ${url} never answered`);
}

/** Waits until the kernel reports the process in `state` (T: stopped), not merely signalled. */
async function waitForProcessState(pid: number, state: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The state follows the parenthesised command name, which may itself hold spaces.
    if (stat.slice(stat.lastIndexOf(')') + 2).startsWith(state)) return;
    await sleep(10);
  }
  throw new Error(`Process ${pid} never reached state ${state}`);
}
