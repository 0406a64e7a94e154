import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrivateRedis } from '../support/private-redis';
import { call, feedback } from './support/client';
import { startSystem, type TestSystem } from './support/system';

// The cache's promise: a read that starts after `learn` committed never answers with data
// older than that commit, whatever Redis does. Each case breaks Redis on purpose, then
// asserts exact figures on the very first read after drain(): no polling, no waiting for
// a TTL. The suite has a Redis of its own, so it can flush, freeze and restart it.
let redis: PrivateRedis;
let system: TestSystem;
const generous = { RATE_LIMIT_USER_PER_MINUTE: '100000', RATE_LIMIT_METRICS_PER_MINUTE: '100000' };

beforeAll(async () => {
  redis = await PrivateRedis.start();
  system = await startSystem('cache', {
    redisUrl: redis.url,
    environment: generous,
    // `learn` cannot reach Redis at all: whatever it fails to tell Redis must not matter.
    functionEnvironment: { Learn: { REDIS_URL: 'redis://127.0.0.1:1' } },
  });
});
afterAll(async () => {
  await system?.stop();
  redis?.thaw();
  await redis?.kill();
});

async function metrics(target: TestSystem, modelVersion: string) {
  const answer = await call<{ total: number }>(
    target.url,
    'GET',
    `/v1/metrics?modelVersion=${modelVersion}`,
    { key: target.userKey },
  );
  expect(answer.status).toBe(200);
  return { total: answer.body.total, cacheStatus: answer.headers.get('cache-status') ?? '' };
}

async function submitBatch(target: TestSystem, modelVersion: string, count: number) {
  const items = Array.from({ length: count }, () => feedback({ modelVersion }));
  const answer = await call<{ accepted: number }>(target.url, 'POST', '/v1/feedback/batch', {
    key: target.userKey,
    body: { items },
  });
  expect(answer.status).toBe(202);
  expect(answer.body.accepted).toBe(count);
}

/** Reads until the answer is served from the cache: proof that the cache is in play. */
async function expectCachedTotal(modelVersion: string, total: number) {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const read = await metrics(system, modelVersion);
    expect(read.total).toBe(total);
    if (read.cacheStatus.endsWith('; hit')) return;
    if (Date.now() > deadline) throw new Error(`never a cache hit: ${read.cacheStatus}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('cached reads of learned state', () => {
  it('counts a batch of 200 exactly on the first read after it is learned, though learn cannot reach Redis', async () => {
    await expectCachedTotal('cache-batch', 0);

    await submitBatch(system, 'cache-batch', 200);
    await system.emulator.drain();

    expect((await metrics(system, 'cache-batch')).total).toBe(200);
    await expectCachedTotal('cache-batch', 200);
  });

  it('stays exact when Redis is flushed in the middle of a run', async () => {
    await expectCachedTotal('cache-flush', 0);
    await submitBatch(system, 'cache-flush', 40);
    const admin = redis.client();
    try {
      await admin.flushall();
    } finally {
      admin.disconnect();
    }
    await submitBatch(system, 'cache-flush', 60);
    await system.emulator.drain();

    expect((await metrics(system, 'cache-flush')).total).toBe(100);
  });

  it('stays exact across a Redis restart that lost everything, and caches again after', async () => {
    await expectCachedTotal('cache-restart', 0);

    await redis.restart();
    await submitBatch(system, 'cache-restart', 25);
    await system.emulator.drain();

    expect((await metrics(system, 'cache-restart')).total).toBe(25);
    await expectCachedTotal('cache-restart', 25);
  });

  it('answers exactly from PostgreSQL while Redis is frozen', async () => {
    await expectCachedTotal('cache-frozen', 0);
    redis.freeze();
    try {
      await submitBatch(system, 'cache-frozen', 30);
      await system.emulator.drain();
      const read = await metrics(system, 'cache-frozen');
      expect(read.total).toBe(30);
      expect(read.cacheStatus).toContain('fwd=miss');
    } finally {
      redis.thaw();
    }
  });

  it('never serves a dropped database figures cached for it, to the new one behind the same Redis', async () => {
    const databaseName = `rf_test_cache_reused_${process.pid}`;
    const first = await startSystem('cache-reused', {
      redisUrl: redis.url,
      environment: generous,
      databaseName,
    });
    try {
      await submitBatch(first, 'reused', 3);
      await first.emulator.drain();
      expect((await metrics(first, 'reused')).total).toBe(3);
      expect((await metrics(first, 'reused')).cacheStatus).toMatch(/; hit$/);
    } finally {
      await first.stop();
    }
    // Same name, same key prefix, same Redis: only the database is new.
    const second = await startSystem('cache-reused', {
      redisUrl: redis.url,
      environment: generous,
      databaseName,
    });
    try {
      expect((await metrics(second, 'reused')).total).toBe(0);
    } finally {
      await second.stop();
    }
  });
});
