import type pg from 'pg';
import type { ClaimedFeedback } from '#core/learning';

/**
 * One thing `learn` learns from a batch. Every learner runs inside the transaction that
 * claimed the batch, so what it writes is committed exactly once with the claim, or not
 * at all. A learner writes increments (never a rescan of history) and takes row locks in
 * a stable key order, so concurrent batches wait for each other instead of deadlocking.
 */
export interface Learner {
  name: string;
  learn(client: pg.PoolClient, batch: readonly ClaimedFeedback[]): Promise<void>;
}
