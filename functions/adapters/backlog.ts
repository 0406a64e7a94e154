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

/**
 * Whether the database answers and has its schema. By the catalogue, not a read of a table:
 * the public function's role (sql/013) may read none.
 */
export async function checkDatabase(): Promise<void> {
  const { rows } = await query<{ schema: string | null }>(
    `SELECT to_regclass('feedback')::text AS schema`,
  );
  if (!rows[0]?.schema) throw new Error('The database has no schema: migrations have not run');
}
