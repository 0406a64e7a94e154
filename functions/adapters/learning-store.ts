import type { FeedbackMessage } from '#core/feedback';
import type { ClaimedFeedback } from '#core/learning';
import { LEARNERS } from './learners';
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
  user_id: string;
  received_at: Date;
  action: ClaimedFeedback['action'];
  confidence: number;
  processing_time_ms: number | null;
  original_filename: string;
  proposed_filename: string;
  user_filename: string | null;
  experiment_id: string | null;
  variant: string | null;
}

/**
 * Learns a batch exactly once: in one transaction it claims the feedback not learned yet
 * (setting `learned_at`), runs every learner on it and clears its outbox rows. A
 * concurrent or repeated call for the same feedback claims nothing and learns nothing.
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
       RETURNING f.id, f.tenant_id, f.model_version, f.user_id, f.received_at, f.action,
         f.confidence, f.processing_time_ms, f.original_filename, f.proposed_filename,
         f.user_filename, f.experiment_id, f.variant`,
      [messages.map((m) => m.feedbackId), messages.map((m) => m.tenantId)],
    );
    const batch: ClaimedFeedback[] = claimed.rows.map((row) => ({
      id: row.id,
      tenantId: row.tenant_id,
      modelVersion: row.model_version,
      userId: row.user_id,
      receivedAt: row.received_at,
      action: row.action,
      confidence: row.confidence,
      processingTimeMs: row.processing_time_ms,
      originalFilename: row.original_filename,
      proposedFilename: row.proposed_filename,
      userFilename: row.user_filename,
      experimentId: row.experiment_id,
      variant: row.variant,
    }));
    if (batch.length > 0) {
      for (const learner of LEARNERS) await learner.learn(client, batch);
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
