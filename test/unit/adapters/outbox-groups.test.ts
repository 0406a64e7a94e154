import { describe, expect, it } from 'vitest';
import { groupByTenant } from '#adapters/outbox';
import { MAX_FEEDBACK_IDS_PER_MESSAGE } from '#core/feedback';

const row = (tenant: string, n: number) => ({
  tenant_id: tenant,
  feedback_id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
});

describe('outbox rows grouped into queue messages', () => {
  it('puts each tenant apart, at most 100 ids to a message, every row exactly once', () => {
    const rows = [
      ...Array.from({ length: 250 }, (_, i) => row('a', i)),
      ...Array.from({ length: 3 }, (_, i) => row('b', 1000 + i)),
    ];
    const groups = groupByTenant(rows);
    expect(groups.map((g) => [g.tenantId, g.feedbackIds.length])).toEqual([
      ['a', MAX_FEEDBACK_IDS_PER_MESSAGE],
      ['a', MAX_FEEDBACK_IDS_PER_MESSAGE],
      ['a', 50],
      ['b', 3],
    ]);
    expect(groups.flatMap((g) => g.feedbackIds)).toEqual(rows.map((r) => r.feedback_id));
  });

  it('keeps tenants apart even when their rows interleave', () => {
    const groups = groupByTenant([row('a', 1), row('b', 2), row('a', 3)]);
    expect(groups).toEqual([
      { tenantId: 'a', feedbackIds: [row('a', 1).feedback_id, row('a', 3).feedback_id] },
      { tenantId: 'b', feedbackIds: [row('b', 2).feedback_id] },
    ]);
  });
});
