import type pg from 'pg';
import type { FeedbackMessage } from '#core/feedback';
import type { ClaimedFeedback } from '#core/learning';
import { LEARNERS } from './learners';
import type { Learner } from './learners/learner';
import { withTransaction } from './postgres';

export interface LearnOutcome {
  /** Learned now, by this call. */
  learned: FeedbackMessage[];
  /** Learned before (a redelivery or a second send): nothing to do. */
  alreadyLearned: FeedbackMessage[];
  /** No such feedback for that tenant: a message that can never succeed. */
  unknown: FeedbackMessage[];
  /** When each feedback learned now was received, for the learn lag. */
  receivedAt: Date[];
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
 * (setting `learned_at`) and clears its outbox rows, then runs every learner on it (see
 * learners/learner.ts for the order of their phases). A concurrent or repeated call for
 * the same feedback claims nothing and learns nothing. `learners` is there for the
 * benchmark, which times each one.
 */
export async function learnBatch(
  messages: FeedbackMessage[],
  learners: readonly Learner[] = LEARNERS,
): Promise<LearnOutcome> {
  if (messages.length === 0) {
    return { learned: [], alreadyLearned: [], unknown: [], receivedAt: [] };
  }
  // UUIDs compare as their lower-case text; sorted, the claim locks rows in one order.
  const byId = messages
    .map((message) => ({ message, id: message.feedbackId.toLowerCase() }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return withTransaction(async (client) => {
    const batch = await claim(
      client,
      byId.map((m) => m.id),
      byId.map((m) => m.message.tenantId),
    );
    if (batch.length > 0) {
      // The arithmetic first, then the rows of the batch's people, then the rows every
      // batch of the tenant shares: those stay locked only for the last statements.
      const writes = learners.map((learner) => learner.prepare(batch));
      for (const write of writes) await write.writeOwnRows?.(client);
      for (const write of writes) await write.writeSharedRows?.(client);
    }
    const learnedIds = new Set(batch.map((feedback) => feedback.id));
    const rest = byId.filter((m) => !learnedIds.has(m.id));
    const existing = rest.length === 0 ? new Set<string>() : await existingIds(client, rest);
    const outcome: LearnOutcome = {
      learned: [],
      alreadyLearned: [],
      unknown: [],
      receivedAt: batch.map((feedback) => feedback.receivedAt),
    };
    for (const message of messages) {
      const id = message.feedbackId.toLowerCase();
      if (learnedIds.has(id)) outcome.learned.push(message);
      else if (existing.has(id)) outcome.alreadyLearned.push(message);
      else outcome.unknown.push(message);
    }
    return outcome;
  });
}

/**
 * Claims the feedback of these (sorted) ids not learned yet, setting `learned_at`, and
 * clears its outbox rows, in one statement. The rows are locked one by one in the order
 * given, before they change, so two batches sharing feedback (a redelivery racing the
 * first delivery) wait for each other instead of deadlocking. Every step is an index look-up
 * per id (the lateral join and the `= ANY` of an array the planner cannot size), so the
 * claim costs the same whatever the backlog: a join the planner may turn into a hash over
 * every unlearned row gets slower exactly when a backlog builds up. The look-up names the id
 * alone, so the primary key is the only index that fits: with the tenant and `learned_at` in
 * it too, statistics that lagged behind a fresh backlog made the planner walk the tenant's
 * unlearned rows (feedback_unlearned_by_tenant) for every id, 2,000 x 54,000 rows, past the
 * query timeout. The row is locked first and checked after: FOR UPDATE answers its latest
 * version, so feedback another batch learned meanwhile is left out.
 */
export const CLAIM_FEEDBACK = `WITH target AS (
     SELECT l.id FROM unnest($1::uuid[], $2::text[]) AS m(id, tenant_id)
      CROSS JOIN LATERAL (
        SELECT f.id, f.tenant_id, f.learned_at FROM feedback f WHERE f.id = m.id
         FOR UPDATE) l
      WHERE l.tenant_id = m.tenant_id AND l.learned_at IS NULL),
   claimed AS (
     UPDATE feedback f SET learned_at = now()
      WHERE f.id = ANY (ARRAY(SELECT id FROM target))
     RETURNING f.id, f.tenant_id, f.model_version, f.user_id, f.received_at, f.action,
       f.confidence, f.processing_time_ms, f.original_filename, f.proposed_filename,
       f.user_filename, f.experiment_id, f.variant),
   cleared AS (
     DELETE FROM outbox WHERE feedback_id = ANY (ARRAY(SELECT id FROM claimed)))
   SELECT * FROM claimed`;

async function claim(
  client: pg.PoolClient,
  ids: readonly string[],
  tenantIds: readonly string[],
): Promise<ClaimedFeedback[]> {
  const { rows } = await client.query<ClaimedRow>(CLAIM_FEEDBACK, [ids, tenantIds]);
  return rows.map(claimedFeedbackOf);
}

/** Which of these ids name stored feedback of the tenant the message says. */
async function existingIds(
  client: pg.PoolClient,
  messages: readonly { message: FeedbackMessage; id: string }[],
): Promise<Set<string>> {
  const { rows } = await client.query<{ id: string; tenant_id: string }>(
    'SELECT id, tenant_id FROM feedback WHERE id = ANY ($1::uuid[])',
    [messages.map((m) => m.id)],
  );
  const tenantOf = new Map(rows.map((row) => [row.id, row.tenant_id]));
  return new Set(
    messages.filter((m) => tenantOf.get(m.id) === m.message.tenantId).map((m) => m.id),
  );
}

function claimedFeedbackOf(row: ClaimedRow): ClaimedFeedback {
  return {
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
  };
}
