import { describe, expect, it, vi } from 'vitest';
import {
  type AssignmentLookup,
  assignmentKey,
  type NewFeedback,
  submitFeedback,
} from '#core/submit-feedback';

const item = (overrides: Record<string, unknown> = {}) => ({
  proposalId: `p-${Math.random().toString(36).slice(2)}`,
  originalFilename: 'IMG_4032.JPG',
  proposedFilename: 'beach.jpg',
  action: 'approved',
  confidence: 0.9,
  modelVersion: 'v2',
  userId: 'user-1',
  ...overrides,
});

function deps(assigned: Record<string, string | null>) {
  const find = vi.fn<AssignmentLookup['find']>(async (_tenant, pairs) => {
    const found = new Map<string, string | null>();
    for (const { experimentId, userId } of pairs) {
      const key = assignmentKey(experimentId, userId);
      if (key in assigned) found.set(key, assigned[key] ?? null);
    }
    return found;
  });
  return {
    store: {
      insert: vi.fn(async (_tenant: string, feedback: NewFeedback[]) =>
        feedback.map((f) => ({
          proposalId: f.input.proposalId,
          id: f.id,
          fingerprint: f.fingerprint,
          inserted: true,
        })),
      ),
    },
    relay: { relay: vi.fn(async () => {}) },
    assignments: { find },
  };
}

describe('feedback naming an experiment variant', () => {
  it('is refused when the person was assigned another variant, or none', async () => {
    const d = deps({ [assignmentKey('e', 'user-1')]: 'b', [assignmentKey('e', 'out')]: null });
    const results = await submitFeedback(
      d,
      't',
      [
        item({ experimentId: 'e', variant: 'a' }),
        item({ experimentId: 'e', variant: 'b' }),
        item({ experimentId: 'e', variant: 'a', userId: 'out' }),
        item({ experimentId: 'e', variant: 'a', userId: 'never-assigned' }),
        item(),
      ],
      (i) => `items[${i}]`,
    );
    expect(results.map((r) => r.status)).toEqual([
      'rejected',
      'accepted',
      'rejected',
      'accepted',
      'accepted',
    ]);
    expect(results[0]).toMatchObject({
      errors: [{ path: 'items[0].variant', rule: 'matchesAssignment' }],
    });
    // One lookup for the whole batch, of the items that name an experiment only.
    expect(d.assignments.find).toHaveBeenCalledTimes(1);
    expect(d.assignments.find.mock.calls[0]?.[1]).toHaveLength(4);
  });

  it('does not look anything up when no item names an experiment', async () => {
    const d = deps({});
    await submitFeedback(d, 't', [item()]);
    expect(d.assignments.find).not.toHaveBeenCalled();
  });
});
