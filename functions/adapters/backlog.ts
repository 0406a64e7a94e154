import { query } from './postgres';

/** The oldest feedback not learned yet: how far behind `learn` really is. */
export async function readLearningBacklog(): Promise<{
  unlearned: number;
  oldestUnlearnedAt: Date | null;
}> {
  const { rows } = await query<{ unlearned: string; oldest: Date | null }>(
    'SELECT count(*) AS unlearned, min(received_at) AS oldest FROM feedback WHERE learned_at IS NULL',
  );
  return { unlearned: Number(rows[0]?.unlearned ?? 0), oldestUnlearnedAt: rows[0]?.oldest ?? null };
}

/** Whether the database answers and has its schema. */
export async function checkDatabase(): Promise<void> {
  await query('SELECT 1 FROM feedback LIMIT 1');
}
