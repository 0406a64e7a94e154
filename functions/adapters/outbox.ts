import { type FeedbackGroupMessage, MAX_FEEDBACK_IDS_PER_MESSAGE } from '#core/feedback';
import { logger } from './logger';
import { query } from './postgres';
import { sendMessages } from './sqs';

/**
 * The stamp after a send. Its commit does not wait for the WAL to reach the disk
 * (`synchronous_commit` off for this statement's own transaction; PostgreSQL applies the
 * setting in force when a transaction commits): a stamp lost in a database crash only makes
 * the sweeper send the message again, which `learn` takes as a duplicate, and a durable
 * commit here would cost each submit a second disk flush, as long as the first. Named: the
 * request path runs it after every publish, and each connection plans it once.
 */
const MARK_PUBLISHED = {
  name: 'mark-outbox-published-v2',
  text: `WITH no_flush AS MATERIALIZED (SELECT set_config('synchronous_commit', 'off', true))
         UPDATE outbox SET published_at = now(), publish_count = publish_count + 1
           FROM no_flush
          WHERE feedback_id = ANY($1::uuid[])`,
};

export interface OutboxRow {
  feedback_id: string;
  tenant_id: string;
}

/**
 * Sends the outbox rows of these feedback ids to the queue, up to a hundred of a tenant to a
 * message, and stamps the sent ones published. A row stays in the outbox until `learn` has
 * learned its feedback, so a message lost anywhere (a crash before this ran, a queue
 * emptied) is sent again by the sweeper.
 */
export async function relayOutbox(queueUrl: string, rows: OutboxRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const groups = groupByTenant(rows);
  const messages = groups.map((group, index) => {
    const message: FeedbackGroupMessage = group;
    return { id: String(index), body: JSON.stringify(message) };
  });
  const sentMessages = await sendMessages(queueUrl, messages);
  const sent = sentMessages.flatMap((id) => groups[Number(id)]?.feedbackIds ?? []);
  if (sent.length > 0) {
    await query(MARK_PUBLISHED, [sent]);
  }
  if (sent.length < rows.length) {
    logger.warn('Some outbox messages were not sent; the sweeper will retry', {
      unsent: rows.length - sent.length,
    });
  }
  return sent.length;
}

/** Each tenant's rows in messages of at most `MAX_FEEDBACK_IDS_PER_MESSAGE` ids, in order. */
export function groupByTenant(rows: readonly OutboxRow[]): FeedbackGroupMessage[] {
  const byTenant = new Map<string, string[]>();
  for (const row of rows) {
    const ids = byTenant.get(row.tenant_id) ?? [];
    ids.push(row.feedback_id);
    byTenant.set(row.tenant_id, ids);
  }
  return [...byTenant].flatMap(([tenantId, ids]) => {
    const groups: FeedbackGroupMessage[] = [];
    for (let i = 0; i < ids.length; i += MAX_FEEDBACK_IDS_PER_MESSAGE) {
      groups.push({ tenantId, feedbackIds: ids.slice(i, i + MAX_FEEDBACK_IDS_PER_MESSAGE) });
    }
    return groups;
  });
}

/**
 * Relays the outbox rows of feedback this request has just committed. Their ids and tenant
 * are known, and nothing but `learn` (which needs the message first) removes a row: no read
 * of the outbox is needed before sending. Failures are left to the sweeper.
 */
export async function relayCommitted(
  queueUrl: string,
  tenantId: string,
  feedbackIds: string[],
): Promise<void> {
  try {
    await relayOutbox(
      queueUrl,
      feedbackIds.map((feedbackId) => ({ feedback_id: feedbackId, tenant_id: tenantId })),
    );
  } catch (error) {
    // The feedback is committed: the client's answer must not depend on the queue.
    logger.warn('Publishing after commit failed; the outbox sweeper will send it', { error });
  }
}

export interface SweepPolicy {
  /** Unpublished rows younger than this are left to the request that wrote them. */
  minAgeSeconds: number;
  /** Published rows not learned after this long are sent again (the message was lost). */
  republishAfterSeconds: number;
  /** After this many sends a row is left for an operator (it is in the dead-letter queue). */
  maxPublishes: number;
  limit: number;
}

/**
 * Sends what is due. Two sweepers racing may send a row twice; `learn` is idempotent,
 * so that costs a message, not a wrong count (and the schedule runs one at a time).
 */
export async function sweepOutbox(queueUrl: string, policy: SweepPolicy): Promise<number> {
  const { rows } = await query<OutboxRow>(
    `SELECT feedback_id, tenant_id FROM outbox
      WHERE (published_at IS NULL AND created_at < now() - make_interval(secs => $1))
         OR (published_at < now() - make_interval(secs => $2) AND publish_count < $3)
      ORDER BY created_at
      LIMIT $4`,
    [policy.minAgeSeconds, policy.republishAfterSeconds, policy.maxPublishes, policy.limit],
  );
  return relayOutbox(queueUrl, rows);
}

export interface ResendPolicy {
  /** Continue an earlier run: rows sent at or after this instant are not sent again. */
  notSentSince: string | undefined;
  pageSize: number;
  /** Asked before each page after the first: false ends the run, `complete: false`. */
  hasTimeLeft: () => boolean;
}

/**
 * Sends every outbox row (feedback not learned yet) that was not sent since the run began,
 * ignoring the sweep's age and publish-count limits: for when the queue itself lost its
 * messages, and the dead-letter queue with it, so rows past `maxPublishes` need sending
 * too. Each sent row is stamped, which is what moves the run forward page by page and
 * lets a later run with the same `notSentSince` continue where this one stopped.
 */
export async function resendUnlearned(
  queueUrl: string,
  policy: ResendPolicy,
): Promise<{ resent: number; notSentSince: string; complete: boolean }> {
  // The database's clock, to the microsecond, compared with the stamps it wrote itself.
  const notSentSince =
    policy.notSentSince ??
    (
      await query<{ now: string }>(
        `SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS now`,
      )
    ).rows[0]?.now;
  if (notSentSince === undefined) throw new Error('PostgreSQL did not answer now()');
  let resent = 0;
  for (let page = 0; page === 0 || policy.hasTimeLeft(); page++) {
    const { rows } = await query<OutboxRow>(
      `SELECT feedback_id, tenant_id FROM outbox
        WHERE COALESCE(published_at, created_at) < $1::timestamptz
        ORDER BY created_at
        LIMIT $2`,
      [notSentSince, policy.pageSize],
    );
    const sent = await relayOutbox(queueUrl, rows);
    resent += sent;
    // A short page is the last one; a page SQS refused in part would come back forever.
    if (rows.length < policy.pageSize) {
      return { resent, notSentSince, complete: sent === rows.length };
    }
    if (sent < rows.length) return { resent, notSentSince, complete: false };
  }
  return { resent, notSentSince, complete: false };
}
