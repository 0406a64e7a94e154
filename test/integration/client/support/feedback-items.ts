import type pg from 'pg';
import type { FeedbackInput } from '../../../../client/src/index';

/**
 * Valid feedback of one run, told apart by their proposal ids (`<prefix>-<n>`), with the
 * three actions so that every rule of the schema is exercised on the way.
 */
export function feedbackItems(prefix: string, count: number, from = 0): FeedbackInput[] {
  return Array.from({ length: count }, (_, i) => {
    const n = from + i;
    const action = (['approved', 'rejected', 'modified'] as const)[n % 3] ?? 'approved';
    return {
      proposalId: `${prefix}-${n}`,
      originalFilename: `IMG_${String(n).padStart(5, '0')}.JPG`,
      proposedFilename: `2024-06-01_beach-${n}.jpg`,
      ...(action === 'modified' ? { userFilename: `beach trip ${n}.jpg` } : {}),
      action,
      confidence: (n % 100) / 100,
      modelVersion: 'client-v1',
      userId: `person-${n % 17}`,
      processingTimeMs: 40 + (n % 50),
    };
  });
}

/** The proposal ids stored under a prefix, sorted as `idsOf` sorts. */
export async function storedProposalIds(db: pg.Pool, prefix: string): Promise<string[]> {
  const { rows } = await db.query<{ proposal_id: string }>(
    'SELECT proposal_id FROM feedback WHERE proposal_id LIKE $1 ORDER BY proposal_id',
    [`${prefix}-%`],
  );
  return rows.map((row) => row.proposal_id);
}

export const idsOf = (items: readonly { proposalId: string }[]) =>
  items.map((item) => item.proposalId).sort();
