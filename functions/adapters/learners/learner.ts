import type pg from 'pg';
import type { ClaimedFeedback } from '#core/learning';

/**
 * One thing `learn` learns from a batch. Every learner runs inside the transaction that
 * claimed the batch, so what it writes is committed exactly once with the claim, or not
 * at all. A learner writes increments (never a rescan of history), one statement per table
 * group and phase, and takes row locks in a stable key order.
 *
 * Why phases: concurrent batches of a tenant share rows (its hourly rollups, its profile,
 * its variants' moments), and a batch holds every row it has locked until it commits, so
 * those batches take turns from their first shared row to their commit. `learnBatch` keeps
 * that stretch short: it claims the feedback and runs every `prepare` (the arithmetic, no
 * I/O) before any learner writes, then every `writeOwnRows`, then every `writeSharedRows`,
 * then commits. Each phase runs the learners in one order, so every batch locks tables in
 * one order (and rows within a table in key order): batches wait for each other instead of
 * deadlocking.
 */
export interface Learner {
  name: string;
  prepare(batch: readonly ClaimedFeedback[]): LearnerWrites;
}

/** What one learner writes for one batch; either phase may be absent. */
export interface LearnerWrites {
  /**
   * Rows of the batch's own people (their naming counters, their experiment sums), which
   * only batches with the same person share. May keep what it read back for the shared
   * phase.
   */
  writeOwnRows?(client: pg.PoolClient): Promise<void>;
  /** Rows every batch of the tenant shares: written last, just before the commit. */
  writeSharedRows?(client: pg.PoolClient): Promise<void>;
}
