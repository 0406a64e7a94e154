import type { FeedbackView } from '#core/contract/feedback-contract';
import { query } from './postgres';

/** One feedback of a tenant; another tenant's feedback is as absent as a missing one. */
export async function findFeedback(tenantId: string, id: string): Promise<FeedbackView | null> {
  const { rows } = await query<{
    id: string;
    proposal_id: string;
    original_filename: string;
    proposed_filename: string;
    user_filename: string | null;
    // The table's CHECK constraints hold these to the contract's types.
    action: FeedbackView['action'];
    confidence: number;
    model_version: string;
    user_id: string;
    experiment_id: string | null;
    variant: string | null;
    processing_time_ms: number | null;
    context: FeedbackView['context'];
    received_at: Date;
    learned_at: Date | null;
  }>('SELECT * FROM feedback WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id,
    proposalId: row.proposal_id,
    originalFilename: row.original_filename,
    proposedFilename: row.proposed_filename,
    userFilename: row.user_filename,
    action: row.action,
    confidence: row.confidence,
    modelVersion: row.model_version,
    userId: row.user_id,
    experimentId: row.experiment_id,
    variant: row.variant,
    processingTimeMs: row.processing_time_ms,
    context: row.context,
    receivedAt: row.received_at.toISOString(),
    learnedAt: row.learned_at?.toISOString() ?? null,
  };
}
