import type { FeedbackStore, NewFeedback, StoredFeedback } from '#core/submit-feedback';
import { withTransaction } from './postgres';

/** PostgreSQL: feedback rows and their outbox rows, written in one transaction. */
export const postgresFeedbackStore: FeedbackStore = {
  async insert(tenantId: string, feedback: NewFeedback[]): Promise<StoredFeedback[]> {
    return withTransaction(async (client) => {
      const column = <T>(pick: (f: NewFeedback) => T) => feedback.map(pick);
      const inserted = await client.query<{ id: string; proposal_id: string; fingerprint: string }>(
        `INSERT INTO feedback (id, tenant_id, proposal_id, original_filename, proposed_filename,
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
         RETURNING id, proposal_id, fingerprint`,
        [
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
        ],
      );
      const insertedIds = inserted.rows.map((row) => row.id);
      if (insertedIds.length > 0) {
        await client.query(
          'INSERT INTO outbox (feedback_id, tenant_id) SELECT unnest($1::uuid[]), $2',
          [insertedIds, tenantId],
        );
      }
      const insertedProposals = new Set(inserted.rows.map((row) => row.proposal_id));
      const missing = feedback
        .map((f) => f.input.proposalId)
        .filter((proposalId) => !insertedProposals.has(proposalId));
      const existing =
        missing.length === 0
          ? { rows: [] }
          : await client.query<{ id: string; proposal_id: string; fingerprint: string }>(
              `SELECT id, proposal_id, fingerprint FROM feedback
                WHERE tenant_id = $1 AND proposal_id = ANY($2::text[])`,
              [tenantId, missing],
            );
      return [
        ...inserted.rows.map((row) => toStored(row, true)),
        ...existing.rows.map((row) => toStored(row, false)),
      ];
    });
  },
};

function toStored(
  row: { id: string; proposal_id: string; fingerprint: string },
  inserted: boolean,
) {
  return { id: row.id, proposalId: row.proposal_id, fingerprint: row.fingerprint, inserted };
}
