import type { LearningBacklog } from '#core/learning-backlog';
import { query } from './postgres';

/**
 * Stored feedback not learned yet, and the oldest of it: how far behind `learn` really is.
 * Of one tenant, or of all of them (`null`, for operators: the queues are shared).
 */
export async function readLearningBacklog(tenantId: string | null): Promise<LearningBacklog> {
  const { rows } = await query<{ unlearned: string; oldest: Date | null }>(
    `SELECT count(*) AS unlearned, min(received_at) AS oldest FROM feedback
      WHERE learned_at IS NULL AND ($1::text IS NULL OR tenant_id = $1)`,
    [tenantId],
  );
  return { unlearned: Number(rows[0]?.unlearned ?? 0), oldestUnlearnedAt: rows[0]?.oldest ?? null };
}

/** Whether the database answers and has its schema. */
export async function checkDatabase(): Promise<void> {
  await query('SELECT 1 FROM feedback LIMIT 1');
}
