import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDatabase } from '../../local/database';
import { freePort } from '../support/free-port';
import { type LocalStack, startLocalStack } from '../support/local-stack';
import { call, feedback } from './support/client';
import { freezeFunction } from './support/freeze-function';
import { recordFunctionLog } from './support/function-logs';
import { testDatabaseServerUrl, testRedisUrl } from './support/urls';

const MODEL_VERSION = 'crash-recovery';
/** The promise under test: every acknowledged feedback learned this soon after a restart. */
const RECOVERY_LIMIT_MS = 120_000;

const name = `rf_test_crash_recovery_${randomBytes(4).toString('hex')}`;
const databaseUrl = (() => {
  const url = new URL(testDatabaseServerUrl());
  url.pathname = `/${name}`;
  return url.toString();
})();
const userKey = `crash_user_${randomBytes(16).toString('hex')}`;
let stateDir: string;
let environment: Record<string, string>;
const stacks: LocalStack[] = [];
let db: pg.Pool | undefined;

beforeAll(async () => {
  stateDir = await mkdtemp(path.join(tmpdir(), 'rf-crash-recovery-'));
  environment = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: testRedisUrl(),
    PORT: String(await freePort()),
    LOCAL_STATE_DIR: stateDir,
    BOOTSTRAP_USER_KEY: userKey,
    // Passed through to the functions: the load must not be limited, and no other run's
    // cache entries may answer for this database.
    RATE_LIMIT_USER_PER_MINUTE: '100000',
    REDIS_KEY_PREFIX: `${name}:`,
  };
});

afterAll(async () => {
  for (const stack of stacks) await stack.kill();
  await db?.end();
  await dropDatabase(databaseUrl);
  await rm(stateDir, { recursive: true, force: true });
});

/** Single submits, `inFlight` at a time; resolves with the ids of the 202s. */
async function submit(url: string, count: number, inFlight = 8): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next += 1;
      const answer = await call<{ id: string }>(url, 'POST', '/v1/feedback', {
        key: userKey,
        body: feedback({ modelVersion: MODEL_VERSION }),
      });
      expect(answer.status).toBe(202);
      ids.push(answer.body.id);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return ids;
}

async function unlearnedOf(ids: string[]): Promise<number> {
  const { rows } = await (db as pg.Pool).query<{ n: number }>(
    'SELECT count(*)::int AS n FROM feedback WHERE id = ANY($1::uuid[]) AND learned_at IS NULL',
    [ids],
  );
  return rows[0]?.n ?? -1;
}

describe('npm start killed with SIGKILL', () => {
  it('learns every acknowledged feedback exactly once within 2 minutes of the restart', async () => {
    const first = await startLocalStack({ env: environment, log: recordFunctionLog });
    stacks.push(first);
    db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    const acknowledged = await submit(first.url, 40);
    // From here on `learn` finishes nothing: its instances (and any started later) are
    // stopped, so what they hold and what follows in the queue exists only in memory.
    const freezer = freezeFunction(first.pgid, 'Learn');
    acknowledged.push(...(await submit(first.url, 60)));
    await first.kill();
    freezer.stopWatching();

    // Read once nothing of the first run is left, so this is the state the restart meets.
    const unlearnedAtKill = await unlearnedOf(acknowledged);
    expect(freezer.frozen.size).toBeGreaterThan(0);
    expect(unlearnedAtKill).toBeGreaterThan(0);
    expect(existsSync(path.join(stateDir, 'running.json'))).toBe(true);

    const restartedAt = performance.now();
    const second = await startLocalStack({ env: environment, log: recordFunctionLog });
    stacks.push(second);
    let unlearned = unlearnedAtKill;
    while (unlearned > 0 && performance.now() - restartedAt < RECOVERY_LIMIT_MS) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      unlearned = await unlearnedOf(acknowledged);
    }
    const allLearnedAfter = (performance.now() - restartedAt) / 1000;
    console.log(
      `[crash-recovery] acknowledged=${acknowledged.length} unlearnedAtKill=${unlearnedAtKill} ` +
        `readyAfterRestart=${(second.readyMs / 1000).toFixed(1)}s ` +
        `allLearnedAfterRestart=${allLearnedAfter.toFixed(1)}s`,
    );
    expect(unlearned).toBe(0);
    expect(second.output).toContain(
      `[recovery] ${unlearnedAtKill} unlearned feedback resent from the outbox`,
    );

    // Stored once, learned once (the rollups count each claim), nothing left to send.
    const stored = await db.query<{ n: number; outbox: number }>(
      `SELECT (SELECT count(*)::int FROM feedback WHERE model_version = $1) AS n,
              (SELECT count(*)::int FROM outbox) AS outbox`,
      [MODEL_VERSION],
    );
    expect(stored.rows[0]).toEqual({ n: acknowledged.length, outbox: 0 });
    expect(new Set(acknowledged).size).toBe(acknowledged.length);
    const metrics = await call(second.url, 'GET', `/v1/metrics?modelVersion=${MODEL_VERSION}`, {
      key: userKey,
    });
    expect(metrics.status).toBe(200);
    expect(metrics.body).toMatchObject({
      total: acknowledged.length,
      approved: acknowledged.length,
    });
  }, 240_000);
});
