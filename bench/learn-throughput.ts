import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { LOCAL_DATABASE_URL } from '../lib/stage';
import { dropDatabase, migrate } from '../local/database';
import '../local/quiet-sdk';

/**
 * How many feedback per second `learn` absorbs: `learnBatch` (claim, every learner, outbox
 * clean-up, one transaction) called in-process as the event source mapping calls it, in
 * batches of 10 with 5 at a time (BatchSize 10, MaximumConcurrency 5), against batches of
 * 1 as the baseline, in the same run. No SQS and no Lambda: the figure is the database
 * work per feedback, which is what bounds learning. Every learner counts, so the figure
 * moves as learners are added.
 */
const FEEDBACK = Number(process.env.LEARN_BENCH_FEEDBACK ?? 20_000);
const CONCURRENCY = 5;

const url = new URL(process.env.DATABASE_URL ?? LOCAL_DATABASE_URL);
url.pathname = `/rf_bench_learn_${randomBytes(3).toString('hex')}`;
const databaseUrl = url.toString();
await migrate(databaseUrl);

process.env.DATABASE_URL = databaseUrl;
// One connection per concurrent batch, as five instances with their own pools would have.
process.env.DATABASE_POOL_MAX = String(CONCURRENCY);
process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
const { learnBatch } = await import('../functions/adapters/learning-store');
const { getPool } = await import('../functions/adapters/postgres');

const db = new pg.Pool({ connectionString: databaseUrl, max: 1 });

/**
 * Stores `count` feedback of a tenant with their outbox rows, as submit would: a mix of
 * decisions over three model versions and 48 hours, a quarter of them modified.
 */
async function storeFeedback(tenantId: string, count: number): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `WITH made AS (
       SELECT gen_random_uuid() AS id, i,
              (ARRAY['approved', 'rejected', 'modified', 'approved'])[1 + i % 4] AS action
         FROM generate_series(1, $2::int) AS i)
     INSERT INTO feedback (id, tenant_id, proposal_id, original_filename, proposed_filename,
       user_filename, action, confidence, model_version, user_id, processing_time_ms,
       fingerprint, received_at)
     SELECT id, $1, 'p-' || i, 'IMG_' || i || '.JPG', '2024-06-01_beach-' || i || '.jpg',
            CASE WHEN action = 'modified' THEN 'beach trip ' || i || '.jpg' END,
            action, (i % 100) / 100.0, 'v' || (i % 3), 'user-' || (i % 50), 50 + i % 400,
            md5(id::text), now() - make_interval(hours => i % 48)
       FROM made
     RETURNING id`,
    [tenantId, count],
  );
  await db.query(`INSERT INTO outbox (feedback_id, tenant_id) SELECT unnest($1::uuid[]), $2`, [
    rows.map((row) => row.id),
    tenantId,
  ]);
  return rows.map((row) => row.id);
}

/** Learns every id in batches of `batchSize`, `CONCURRENCY` batches at a time. */
async function learnAll(tenantId: string, ids: string[], batchSize: number): Promise<number> {
  const batches: string[][] = [];
  for (let i = 0; i < ids.length; i += batchSize) batches.push(ids.slice(i, i + batchSize));
  let next = 0;
  let learned = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < batches.length) {
        const batch = batches[next++] ?? [];
        const outcome = await learnBatch(batch.map((feedbackId) => ({ feedbackId, tenantId })));
        learned += outcome.learned.length;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  if (learned !== ids.length) throw new Error(`Learned ${learned} of ${ids.length}`);
  return ids.length / seconds;
}

// Two tenants with the same data, so both runs start from empty learning state.
const batched = await storeFeedback('bench-batch-10', FEEDBACK);
const single = await storeFeedback('bench-batch-1', FEEDBACK);
// Warm up the pool's connections and the module's first queries, unmeasured.
await learnAll('bench-warm-up', await storeFeedback('bench-warm-up', 500), 10);
const perSecondBatched = await learnAll('bench-batch-10', batched, 10);
const perSecondSingle = await learnAll('bench-batch-1', single, 1);

console.log(
  `\nlearn throughput (in-process learnBatch, n=${FEEDBACK} each, ${CONCURRENCY} at a time)`,
);
console.log(`  batches of 10: ${perSecondBatched.toFixed(0)} feedback/s`);
console.log(`  batches of 1 (baseline): ${perSecondSingle.toFixed(0)} feedback/s`);
console.log(`  batching absorbs x${(perSecondBatched / perSecondSingle).toFixed(1)} as many`);

await db.end();
await (await getPool()).end();
await dropDatabase(databaseUrl);
