import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { learnBatch as LearnBatch } from '#adapters/learning-store';
import { dropDatabase, migrate } from '../../local/database';
import { differences, learnedState, storeSeededFeedback } from './support/learned-state';
import { maintenanceDatabaseUrl } from './support/urls';

// learn writes each batch with one set-based statement per table group, in two phases
// (its people's rows, then the tenant's shared rows). Whatever the batching, the learned
// state must be what learning the same feedback one at a time gives: every count exact,
// every sum to rounding, and under concurrency and redelivery each feedback once.
const LEARNING_ENVIRONMENT = {
  RETRAIN_FEEDBACK_THRESHOLD: '40',
  DRIFT_REFERENCE_SIZE: '30',
  DRIFT_RECENT_WINDOW: '20',
  DRIFT_CHECK_EVERY: '10',
  DRIFT_ALPHA: '0.2',
};
const FEEDBACK = 160;

let databaseUrl: string;
let db: pg.Pool;
let learnBatch: typeof LearnBatch;
let saved: Record<string, string | undefined>;

beforeAll(async () => {
  const url = new URL(maintenanceDatabaseUrl());
  url.pathname = `/rf_test_learn_batching_${randomBytes(4).toString('hex')}`;
  databaseUrl = url.toString();
  await migrate(databaseUrl);
  db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const overrides: Record<string, string> = {
    ...LEARNING_ENVIRONMENT,
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_MAX: '8',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  };
  saved = Object.fromEntries(Object.keys(overrides).map((k) => [k, process.env[k]]));
  Object.assign(process.env, overrides);
  ({ learnBatch } = await import('#adapters/learning-store'));
});
afterAll(async () => {
  const { getPool } = await import('#adapters/postgres');
  await (await getPool()).end();
  for (const [name, value] of Object.entries(saved ?? {})) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await db?.end();
  if (databaseUrl) await dropDatabase(databaseUrl);
});

const messages = (tenantId: string, ids: readonly string[]) =>
  ids.map((feedbackId) => ({ feedbackId, tenantId }));

/** Consecutive slices of `ids` of the given sizes (the last one takes the rest). */
function slices(ids: readonly string[], sizes: readonly number[]): string[][] {
  const batches: string[][] = [];
  let start = 0;
  for (const size of sizes) {
    if (start >= ids.length) break;
    batches.push(ids.slice(start, start + size));
    start += size;
  }
  if (start < ids.length) batches.push(ids.slice(start));
  return batches;
}

async function learnedOneByOne(tenantId: string, ids: readonly string[]) {
  for (const id of ids) await learnBatch(messages(tenantId, [id]));
}

let run = 0;

describe('learning in batches', () => {
  it('keeps the state learning one feedback at a time keeps, in order and concurrently', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.array(fc.integer({ min: 1, max: 80 }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.integer({ min: 0, max: FEEDBACK - 1 }), { minLength: 20, maxLength: 60 }),
        async (seed, sizes, redelivered) => {
          run += 1;
          const tenants = ['rows', 'batches', 'concurrent'].map((t) => `${t}-${run}`);
          const [rows = '', batches = '', concurrent = ''] = tenants;
          const ids = await storeSeededFeedback(db, rows, seed, FEEDBACK);
          const batchIds = await storeSeededFeedback(db, batches, seed, FEEDBACK);
          const concurrentIds = await storeSeededFeedback(db, concurrent, seed, FEEDBACK);

          await learnedOneByOne(rows, ids);
          for (const batch of slices(batchIds, sizes)) {
            await learnBatch(messages(batches, batch));
          }
          // All at once, each batch reversed, and some feedback sent again in batches of
          // their own: a redelivery racing the first delivery.
          const racing = [
            ...slices(concurrentIds, sizes).map((batch) => [...batch].reverse()),
            ...slices(
              redelivered.map((index) => concurrentIds[index] ?? ''),
              [7, 5, 11],
            ).map((batch) => [...new Set(batch)]),
          ];
          const outcomes = await Promise.all(
            racing.map((batch) => learnBatch(messages(concurrent, batch))),
          );
          const learned = outcomes.flatMap((o) => o.learned.map((m) => m.feedbackId));
          expect(new Set(learned).size).toBe(FEEDBACK);
          expect(learned).toHaveLength(FEEDBACK);
          expect(outcomes.flatMap((o) => o.unknown)).toEqual([]);

          const one = await learnedState(db, rows, { orderDependent: true });
          expect(
            differences(one, await learnedState(db, batches, { orderDependent: true })),
          ).toEqual([]);
          const unordered = await learnedState(db, rows, { orderDependent: false });
          expect(
            differences(unordered, await learnedState(db, concurrent, { orderDependent: false })),
          ).toEqual([]);
        },
      ),
      { numRuns: 4, endOnFailure: true },
    );
    // About 700 transactions, 640 of them one feedback each: seconds on an idle machine,
    // a minute or more on a busy one.
  }, 300_000);
});
