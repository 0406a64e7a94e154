import type { FeedbackStore, NewFeedback, StoredFeedback } from '#core/submit-feedback';
import { query } from './postgres';

type Row = { id: string; proposal_id: string; fingerprint: string; inserted: boolean };

/**
 * One statement, so one round trip and its own transaction: the feedback rows, their outbox
 * rows (a data-modifying CTE on the rows really inserted, so no outbox row without its
 * feedback) and the decisions already stored for the other proposals. Named, so each
 * connection plans it once.
 */
const INSERT_FEEDBACK = {
  name: 'insert-feedback-and-outbox-v1',
  text: `WITH inserted AS (
      INSERT INTO feedback (id, tenant_id, proposal_id, original_filename, proposed_filename,
        user_filename, action, confidence, model_version, user_id, experiment_id, variant,
        processing_time_ms, context, fingerprint)
      SELECT u.id, $1, u.proposal_id, u.original_filename, u.proposed_filename, u.user_filename,
        u.action, u.confidence, u.model_version, u.user_id, u.experiment_id, u.variant,
        u.processing_time_ms, u.context, u.fingerprint
        FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
          $8::float8[], $9::text[], $10::text[], $11::text[], $12::text[], $13::float8[],
          $14::jsonb[], $15::text[])
          AS u(id, proposal_id, original_filename, proposed_filename, user_filename, action,
            confidence, model_version, user_id, experiment_id, variant, processing_time_ms,
            context, fingerprint)
      ON CONFLICT (tenant_id, proposal_id) DO NOTHING
      RETURNING id, proposal_id, fingerprint
    ), queued AS (
      INSERT INTO outbox (feedback_id, tenant_id) SELECT id, $1 FROM inserted
    )
    SELECT id, proposal_id, fingerprint, true AS inserted FROM inserted
    UNION ALL
    SELECT id, proposal_id, fingerprint, false FROM feedback
     WHERE tenant_id = $1 AND proposal_id = ANY($3::text[])
       AND proposal_id NOT IN (SELECT proposal_id FROM inserted)`,
};

const FIND_DECIDED = {
  name: 'find-decided-proposals-v1',
  text: `SELECT id, proposal_id, fingerprint, false AS inserted FROM feedback
          WHERE tenant_id = $1 AND proposal_id = ANY($2::text[])`,
};

/** PostgreSQL: feedback rows and their outbox rows, written in one transaction. */
export const postgresFeedbackStore: FeedbackStore = {
  async insert(tenantId: string, feedback: NewFeedback[]): Promise<StoredFeedback[]> {
    const column = <T>(pick: (f: NewFeedback) => T) => feedback.map(pick);
    const { rows } = await query<Row>(INSERT_FEEDBACK, [
      tenantId,
      column((f) => f.id),
      column((f) => f.input.proposalId),
      column((f) => f.input.originalFilename),
      column((f) => f.input.proposedFilename),
      column((f) => f.input.userFilename ?? null),
      column((f) => f.input.action),
      column((f) => f.input.confidence),
      column((f) => f.input.modelVersion),
      column((f) => f.input.userId),
      column((f) => f.input.experimentId ?? null),
      column((f) => f.input.variant ?? null),
      column((f) => f.input.processingTimeMs ?? null),
      column((f) => (f.input.context === undefined ? null : JSON.stringify(f.input.context))),
      column((f) => f.fingerprint),
    ]);
    const reported = new Set(rows.map((row) => row.proposal_id));
    const missing = feedback
      .map((f) => f.input.proposalId)
      .filter((proposalId) => !reported.has(proposalId));
    // A proposal decided by a transaction that committed while this statement ran: the
    // insert waited for it and skipped the row, but the statement's snapshot predates it.
    // A new statement sees it. Rare (two decisions for one proposal at the same moment).
    const late =
      missing.length === 0 ? [] : (await query<Row>(FIND_DECIDED, [tenantId, missing])).rows;
    return [...rows, ...late].map(toStored);
  },
};

function toStored(row: Row): StoredFeedback {
  return {
    id: row.id,
    proposalId: row.proposal_id,
    fingerprint: row.fingerprint,
    inserted: row.inserted,
  };
}
