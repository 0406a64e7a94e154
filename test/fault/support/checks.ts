import type pg from 'pg';
import { expect } from 'vitest';
import { feedbackBody, type LoadResult, retryAfterMs } from './load-client';

/**
 * What every scenario promises once its fault is over: each feedback the client was told
 * was accepted is stored once under the id it was given, learned once, and counted once by
 * `GET /v1/metrics`; and no answer along the way was a 5xx other than a 503 with Retry-After.
 */

/** Every answer was a 202 or a retryable one, and every feedback sent was acknowledged. */
export function expectOnlyRetryableFailures(result: LoadResult): void {
  expect(result.badAnswers, 'answers other than 202, 429, and 503 with Retry-After').toEqual([]);
  expect(result.unacknowledged, 'feedback never acknowledged').toEqual([]);
  expect(result.acknowledged.size).toBe(result.sent);
}

/**
 * Waits until every row is learned (polling PostgreSQL, within `timeoutMs`), then checks
 * rows against acknowledgements one by one. Returns seconds from the last acknowledgement
 * to the last `learned_at`.
 */
export async function expectStoredAndLearnedOnce(
  db: pg.Pool,
  result: LoadResult,
  timeoutMs: number,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let pending = Number.POSITIVE_INFINITY;
  while (Date.now() < deadline) {
    const counted = await db
      .query<{ stored: number; unlearned: number }>(
        `SELECT count(*)::int AS stored, count(*) FILTER (WHERE learned_at IS NULL)::int AS unlearned
           FROM feedback`,
      )
      .catch(() => undefined);
    if (counted?.rows[0]) {
      const { stored, unlearned } = counted.rows[0];
      pending = unlearned + Math.max(0, result.acknowledged.size - stored);
      if (pending === 0) break;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  expect(pending, `feedback still unlearned after ${timeoutMs} ms`).toBe(0);

  const { rows } = await db.query<{ proposal_id: string; id: string; learned_at: Date }>(
    'SELECT proposal_id, id, learned_at FROM feedback',
  );
  const stored = new Map(rows.map((row) => [row.proposal_id, row]));
  // Nothing stored twice (the unique key would refuse it; a second id per proposal is the
  // failure this guards against) and nothing stored that the client was not told about.
  expect(rows.length).toBe(stored.size);
  expect(rows.length).toBe(result.acknowledged.size);
  const wrongIds = [...result.acknowledged].filter(([proposalId, ack]) => {
    return stored.get(proposalId)?.id !== ack.id;
  });
  expect(wrongIds, 'acknowledged feedback missing or stored under another id').toEqual([]);

  const outbox = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox');
  expect(outbox.rows[0]?.n, 'outbox rows left once everything is learned').toBe(0);

  const lastLearned = Math.max(...rows.map((row) => row.learned_at.getTime()));
  return Math.max(0, lastLearned - result.lastAcknowledgedAt) / 1000;
}

/** `GET /v1/metrics` counts each acknowledged feedback exactly once, by action too. */
export async function expectCountedOnce(
  url: string,
  key: string,
  label: string,
  result: LoadResult,
): Promise<void> {
  const actions = [...result.acknowledged.keys()].map((proposalId) => {
    const index = Number(proposalId.slice(label.length + 1));
    return feedbackBody(label, index).action;
  });
  const report = await getMetrics(url, key);
  expect({ total: report.total, approved: report.approved, rejected: report.rejected }).toEqual({
    total: result.acknowledged.size,
    approved: actions.filter((action) => action === 'approved').length,
    rejected: actions.filter((action) => action === 'rejected').length,
  });
}

/** Reads the metrics as a client would, retrying what a client retries, for at most 20 s. */
async function getMetrics(
  url: string,
  key: string,
): Promise<{ total: number; approved: number; rejected: number }> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const response = await fetch(new URL('/v1/metrics', url), {
      headers: { authorization: `Bearer ${key}` },
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    if (response.status === 200) return JSON.parse(text);
    const retryable = response.status === 429 || response.status === 503;
    if (!retryable || Date.now() > deadline) {
      throw new Error(`GET /v1/metrics answered ${response.status}: ${text}`);
    }
    const wait = Math.max(200, retryAfterMs(response.headers.get('retry-after')));
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}
