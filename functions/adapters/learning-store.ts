import type { FeedbackMessage } from '#core/feedback';
import { aggregateFeedback, type ClaimedFeedback } from '#core/learning';
import { withTransaction } from './postgres';

export interface LearnOutcome {
  /** Learned now, by this call. */
  learned: FeedbackMessage[];
  /** Learned before (a redelivery or a second send): nothing to do. */
  alreadyLearned: FeedbackMessage[];
  /** No such feedback for that tenant: a message that can never succeed. */
  unknown: FeedbackMessage[];
}

interface ClaimedRow {
  id: string;
  tenant_id: string;
  model_version: string;
  received_at: Date;
  action: ClaimedFeedback['action'];
  confidence: number;
  processing_time_ms: number | null;
}

/**
 * Learns a batch exactly once: in one transaction it claims the feedback not learned yet
 * (setting `learned_at`), adds it to the hourly rollups and clears its outbox rows. A
 * concurrent or repeated call for the same feedback claims nothing and counts nothing.
 */
export async function learnBatch(messages: FeedbackMessage[]): Promise<LearnOutcome> {
  if (messages.length === 0) return { learned: [], alreadyLearned: [], unknown: [] };
  return withTransaction(async (client) => {
    const claimed = await client.query<ClaimedRow>(
      `WITH target AS (
         SELECT f.id FROM feedback f
           JOIN unnest($1::uuid[], $2::text[]) AS m(id, tenant_id)
             ON f.id = m.id AND f.tenant_id = m.tenant_id
          WHERE f.learned_at IS NULL
          ORDER BY f.id
          FOR UPDATE OF f)
       UPDATE feedback f SET learned_at = now() FROM target WHERE f.id = target.id
       RETURNING f.id, f.tenant_id, f.model_version, f.received_at, f.action, f.confidence,
         f.processing_time_ms`,
      [messages.map((m) => m.feedbackId), messages.map((m) => m.tenantId)],
    );
    const { stats, buckets } = aggregateFeedback(
      claimed.rows.map((row) => ({
        tenantId: row.tenant_id,
        modelVersion: row.model_version,
        receivedAt: row.received_at,
        action: row.action,
        confidence: row.confidence,
        processingTimeMs: row.processing_time_ms,
      })),
    );
    if (stats.length > 0) {
      await client.query(
        `INSERT INTO model_hourly_stats AS s (tenant_id, model_version, hour, total, approved,
           rejected, modified, confidence_sum, processing_time_count, processing_time_sum_ms)
         SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::bigint[],
           $5::bigint[], $6::bigint[], $7::bigint[], $8::float8[], $9::bigint[], $10::float8[])
         ON CONFLICT (tenant_id, model_version, hour) DO UPDATE SET
           total = s.total + excluded.total,
           approved = s.approved + excluded.approved,
           rejected = s.rejected + excluded.rejected,
           modified = s.modified + excluded.modified,
           confidence_sum = s.confidence_sum + excluded.confidence_sum,
           processing_time_count = s.processing_time_count + excluded.processing_time_count,
           processing_time_sum_ms = s.processing_time_sum_ms + excluded.processing_time_sum_ms`,
        [
          stats.map((s) => s.tenantId),
          stats.map((s) => s.modelVersion),
          stats.map((s) => s.hour),
          stats.map((s) => s.total),
          stats.map((s) => s.approved),
          stats.map((s) => s.rejected),
          stats.map((s) => s.modified),
          stats.map((s) => s.confidenceSum),
          stats.map((s) => s.processingTimeCount),
          stats.map((s) => s.processingTimeSumMs),
        ],
      );
    }
    if (buckets.length > 0) {
      await client.query(
        `INSERT INTO model_hourly_processing_time AS p (tenant_id, model_version, hour, bucket, count)
         SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::smallint[], $5::bigint[])
         ON CONFLICT (tenant_id, model_version, hour, bucket) DO UPDATE SET count = p.count + excluded.count`,
        [
          buckets.map((b) => b.tenantId),
          buckets.map((b) => b.modelVersion),
          buckets.map((b) => b.hour),
          buckets.map((b) => b.bucket),
          buckets.map((b) => b.count),
        ],
      );
    }
    const learnedIds = new Set(claimed.rows.map((row) => row.id));
    if (learnedIds.size > 0) {
      await client.query('DELETE FROM outbox WHERE feedback_id = ANY($1::uuid[])', [
        [...learnedIds],
      ]);
    }
    const rest = messages.filter((m) => !learnedIds.has(m.feedbackId));
    const existing =
      rest.length === 0
        ? new Set<string>()
        : new Set(
            (
              await client.query<{ id: string; tenant_id: string }>(
                `SELECT f.id, f.tenant_id FROM feedback f
                   JOIN unnest($1::uuid[], $2::text[]) AS m(id, tenant_id)
                     ON f.id = m.id AND f.tenant_id = m.tenant_id`,
                [rest.map((m) => m.feedbackId), rest.map((m) => m.tenantId)],
              )
            ).rows.map((row) => row.id),
          );
    return {
      learned: messages.filter((m) => learnedIds.has(m.feedbackId)),
      alreadyLearned: rest.filter((m) => existing.has(m.feedbackId)),
      unknown: rest.filter((m) => !existing.has(m.feedbackId)),
    };
  });
}
