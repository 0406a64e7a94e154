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
  evaluateWindowScript,
  type LimiterDecision,
  type RateLimiter,
} from '#adapters/rate-limiter';
import {
  decideSlidingWindow,
  describeDecision,
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

describe('the sliding-window script in Redis', () => {
  it('decides exactly as the TypeScript model on the same arrival times', async () => {
    const redis = await patientRedisClient();
    // Keys expire one real minute after their newest admission, far beyond a run; the
    // replayed times move the window, including steps of just under and over a minute.
    const policyArbitrary = fc
      .oneof(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 300 }))
      .map((limit): RateLimitPolicy => ({ name: 'user', limit, windowSeconds: 60 }));
    const gaps = fc.array(
      fc.oneof(
        { arbitrary: fc.constant(0), weight: 3 },
        { arbitrary: fc.integer({ min: 0, max: 1_000 }), weight: 3 },
        { arbitrary: fc.integer({ min: 0, max: 20_000 }), weight: 2 },
        { arbitrary: fc.integer({ min: 59_990, max: 60_010 }), weight: 1 },
      ),
      { maxLength: 120, size: 'max' },
    );
    let refusals = 0;
    await fc.assert(
      fc.asyncProperty(policyArbitrary, gaps, async (policy, gapsMs) => {
        const key = bucket();
        let at = 1_717_236_000_000;
        let log: number[] = [];
        for (const gap of gapsMs) {
          at += gap;
          const { log: next, ...model } = decideSlidingWindow(policy, log, at);
          log = next;
          const script = await evaluateWindowScript(redis, key, policy, at);
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
    const at = 1_717_236_000_000;

    const steps = await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        evaluateWindowScript(instances[i % 10] as Redis, hot, user, at),
      ),
    );
    const other = await evaluateWindowScript(instances[0] as Redis, cold, user, at);

    expect(steps.filter((s) => s.allowed)).toHaveLength(100);
    expect(
      steps
        .map((s) => s.count)
        .sort((a, b) => a - b)
        .at(-1),
    ).toBe(100);
    expect(other).toEqual({ allowed: true, count: 1, oldestMs: at, now: at });
  });

  it('admits a request sent after the Retry-After of a refusal, and not one a second sooner, on replayed time', async () => {
    const redis = await patientRedisClient();
    const key = bucket();
    const at = 1_717_236_000_000;
    await evaluateWindowScript(redis, key, user, at);
    await Promise.all(
      Array.from({ length: 99 }, () => evaluateWindowScript(redis, key, user, at + 20_000)),
    );
    const refusedAt = at + 20_100;
    const refused = await evaluateWindowScript(redis, key, user, refusedAt);
    const { retryAfterSeconds } = describeDecision(user, refused, refusedAt);

    const early = await evaluateWindowScript(
      redis,
      key,
      user,
      refusedAt + (retryAfterSeconds - 1) * 1000,
    );
    const retried = await evaluateWindowScript(
      redis,
      key,
      user,
      refusedAt + retryAfterSeconds * 1000,
    );

    // The oldest, at 0 s, leaves at 60 s: 39.9 s after the refusal, rounded up.
    expect(refused).toMatchObject({ allowed: false, count: 100, oldestMs: at });
    expect(retryAfterSeconds).toBe(40);
    expect(early.allowed).toBe(false);
    expect(retried).toMatchObject({ allowed: true, count: 100, oldestMs: at + 20_000 });
  });
});

describe('the Redis rate limiter', () => {
  it("admits exactly the limit of 500 concurrent requests from 10 instances, on Redis's clock", async () => {
    // A generous deadline: this measures the script under contention, not the breaker.
    const limiters = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const redis = await patientRedisClient();
        return { redis, limiter: createRateLimiter({ redis: () => redis, deadlineMs: 10_000 }) };
      }),
    );
    const first = limiters[0] as { redis: Redis; limiter: RateLimiter };
    const [hot, cold] = [bucket(), bucket()];

    const started = performance.now();
    const decisions = await Promise.all(
      Array.from({ length: 500 }, (_, i) => limiters[i % 10]?.limiter.decide(hot, user)),
    );
    const elapsedMs = performance.now() - started;
    const other = await first.limiter.decide(cold, user);

    const admitted = admittedCount(decisions.filter((d) => d !== undefined));
    console.log(
      `500 concurrent on limit 100: admitted ${admitted}, over-admission ${admitted - 100} ` +
        `(the race took ${elapsedMs.toFixed(0)} ms)`,
    );
    expect(decisions.every((d) => d?.source === 'redis')).toBe(true);
    // Nothing leaves a one-minute window during the race, however slow the machine.
    expect(admitted).toBe(100);
    expect(decisions.filter((d) => d?.allowed === false).every((d) => d?.remaining === 0)).toBe(
      true,
    );
    expect(other).toMatchObject({
      allowed: true,
      remaining: 99,
      resetSeconds: 60,
      source: 'redis',
    });
  });

  it('admits a request sent after the Retry-After it was given', async () => {
    const redis = await patientRedisClient();
    const limiter = createRateLimiter({ redis: () => redis, deadlineMs: 10_000 });
    // A two-second window, so that the wait is real time on Redis's clock, yet short.
    const policy: RateLimitPolicy = { name: 'user', limit: 3, windowSeconds: 2 };
    const key = bucket();
    const spent = [];
    for (let i = 0; i < 3; i++) spent.push(await limiter.decide(key, policy));
    const refused = await limiter.decide(key, policy);

    await sleep(refused.retryAfterSeconds * 1000);
    const retried = await limiter.decide(key, policy);

    expect(spent.every((d) => d.allowed && d.source === 'redis')).toBe(true);
    expect(refused).toMatchObject({ allowed: false, remaining: 0, source: 'redis' });
    expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(2);
    expect(retried).toMatchObject({ allowed: true, source: 'redis' });
  });

  it("decides in Redis on a new container's client that is still connecting", async () => {
    // The production client connects on creation, with the offline queue off: a command
    // sent before it is ready would fail at once and send the instance to memory.
    const redis = connect(testRedisUrl(), { lazyConnect: false });
    clients.push(redis);
    const limiter = createRateLimiter({ redis: () => redis, deadlineMs: 10_000 });
    const warn = vi.spyOn(logger, 'warn');

    const decision = await limiter.decide(bucket(), user);

    expect(decision).toMatchObject({ allowed: true, remaining: 99, source: 'redis' });
    expect(warn).not.toHaveBeenCalled();
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
    expect(decisions.at(-1)).toMatchObject({ allowed: false, retryAfterSeconds: 60 });
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
