import type pg from 'pg';
import type { FeedbackMessage } from '../../functions/core/feedback';

/** How the benchmark calls `learnBatch` (the real one, or one with timed learners). */
export type LearnBatch = (messages: FeedbackMessage[]) => Promise<{ learned: unknown[] }>;

/**
 * Stores `count` feedback of a tenant with their outbox rows, as submit would: a mix of
 * decisions (a quarter modified) over three model versions, 50 people and 48 hours, half
 * of them in a two-variant experiment (each person in one variant), so every learner has
 * work.
 */
export async function storeFeedback(
  db: pg.Pool,
  tenantId: string,
  count: number,
): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `WITH made AS (
       SELECT gen_random_uuid() AS id, i,
              (ARRAY['approved', 'rejected', 'modified', 'approved'])[1 + i % 4] AS action
         FROM generate_series(1, $2::int) AS i)
     INSERT INTO feedback (id, tenant_id, proposal_id, original_filename, proposed_filename,
       user_filename, action, confidence, model_version, user_id, processing_time_ms,
       fingerprint, received_at, experiment_id, variant)
     SELECT id, $1, 'p-' || i, 'IMG_' || i || '.JPG', '2024-06-01_beach-' || i || '.jpg',
            CASE WHEN action = 'modified' THEN 'beach trip ' || i || '.jpg' END,
            action, (i % 100) / 100.0, 'v' || (i % 3), 'user-' || (i % 50), 50 + i % 400,
            md5(id::text), now() - make_interval(hours => i % 48),
            CASE WHEN i % 2 = 0 THEN 'bench-experiment' END,
            CASE WHEN i % 2 = 0 THEN (ARRAY['control', 'treatment'])[1 + (i % 50) / 25] END
       FROM made
     RETURNING id`,
    [tenantId, count],
  );
  await db.query(`INSERT INTO outbox (feedback_id, tenant_id) SELECT unnest($1::uuid[]), $2`, [
    rows.map((row) => row.id),
    tenantId,
  ]);
  // As autovacuum would have by then: the claim's plan depends on the table's statistics.
  await db.query('ANALYZE feedback');
  return rows.map((row) => row.id);
}

/**
 * Learns every id in batches of `batchSize`, `concurrency` batches at a time, as the event
 * source mapping's pollers would; answers feedback per second, the mean batch time and the
 * slowest (a batch waiting for others' locks is the slowest, and past the 8 s query
 * timeout it would fail).
 */
export async function learnAll(
  learn: LearnBatch,
  tenantId: string,
  ids: readonly string[],
  batchSize: number,
  concurrency: number,
): Promise<{ perSecond: number; batchMs: number; slowestBatchMs: number }> {
  const batches: string[][] = [];
  for (let i = 0; i < ids.length; i += batchSize) batches.push(ids.slice(i, i + batchSize));
  let next = 0;
  let learned = 0;
  let batchMs = 0;
  let slowestBatchMs = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < batches.length) {
        const batch = batches[next++] ?? [];
        const batchStarted = performance.now();
        const outcome = await learn(batch.map((feedbackId) => ({ feedbackId, tenantId })));
        const took = performance.now() - batchStarted;
        batchMs += took;
        slowestBatchMs = Math.max(slowestBatchMs, took);
        learned += outcome.learned.length;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  if (learned !== ids.length) throw new Error(`Learned ${learned} of ${ids.length}`);
  return { perSecond: ids.length / seconds, batchMs: batchMs / batches.length, slowestBatchMs };
}
