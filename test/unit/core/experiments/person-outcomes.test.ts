import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addMoments,
  aggregatePersonIncrements,
  type MomentSums,
  type PersonSums,
  RATIO_METRICS,
  type RatioMetric,
  ratioOf,
  variantMomentDeltas,
  ZERO_MOMENTS,
} from '#core/experiments/person-outcomes';
import { momentsOf } from '#core/statistics/ratio-moments';

const decision = (overrides: Partial<Parameters<typeof aggregatePersonIncrements>[0][0]> = {}) => ({
  tenantId: 't',
  experimentId: 'e',
  variant: 'control',
  userId: 'ann',
  action: 'approved' as const,
  proposedFilename: 'beach.jpg',
  userFilename: null,
  ...overrides,
});

describe('aggregatePersonIncrements', () => {
  it('sums each person of each variant, skips feedback outside experiments, and sorts by key', () => {
    const increments = aggregatePersonIncrements([
      decision({ userId: 'bob' }),
      decision({ userId: 'ann', action: 'modified', userFilename: 'beach2.jpg' }),
      decision({ userId: 'ann', action: 'rejected' }),
      decision({ userId: 'ann', experimentId: null, variant: null }),
    ]);

    expect(increments.map((i) => i.userId)).toEqual(['ann', 'bob']);
    expect(increments[0]).toMatchObject({ decided: 2, approved: 0, modified: 1 });
    expect(increments[0]?.editDistanceSum).toBeCloseTo(1 / 10, 12);
    expect(increments[1]).toMatchObject({ decided: 1, approved: 1, modified: 0 });
  });
});

// Persons with a fixed history, deciding over several batches: the moments kept by deltas
// must equal the moments computed from scratch from everyone's final sums.
const personArb = fc.record({
  preDecided: fc.nat({ max: 5 }),
  preApprovedShare: fc.double({ min: 0, max: 1, noNaN: true }),
  batches: fc.array(
    fc.array(fc.constantFrom('approved', 'rejected', 'modified'), { maxLength: 6 }),
    { minLength: 1, maxLength: 4 },
  ),
});

describe('variantMomentDeltas', () => {
  it("keeps each metric's moments equal to a recomputation over the people, whatever the batches", () => {
    fc.assert(
      fc.property(fc.array(personArb, { minLength: 1, maxLength: 12 }), (people) => {
        const kept = new Map<RatioMetric, MomentSums>(RATIO_METRICS.map((m) => [m, ZERO_MOMENTS]));
        const finals: PersonSums[] = [];
        people.forEach((person, index) => {
          const preApproved = Math.round(person.preApprovedShare * person.preDecided);
          let sums: PersonSums = {
            decided: 0,
            approved: 0,
            modified: 0,
            editDistanceSum: 0,
            preDecided: person.preDecided,
            preApproved,
          };
          for (const actions of person.batches) {
            const [increment] = aggregatePersonIncrements(
              actions.map((action) =>
                decision({
                  userId: `p${index}`,
                  action,
                  userFilename: action === 'modified' ? 'b3ach.jpg' : null,
                }),
              ),
            );
            if (!increment) continue;
            sums = {
              ...sums,
              decided: sums.decided + increment.decided,
              approved: sums.approved + increment.approved,
              modified: sums.modified + increment.modified,
              editDistanceSum: sums.editDistanceSum + increment.editDistanceSum,
            };
            for (const { metric, delta } of variantMomentDeltas([{ increment, after: sums }])) {
              kept.set(metric, addMoments(kept.get(metric) ?? ZERO_MOMENTS, delta));
            }
          }
          finals.push(sums);
        });
        for (const metric of RATIO_METRICS) {
          const expected = momentsOf(
            finals.map((sums) => ({
              ...ratioOf(metric, sums),
              priorRate: sums.preDecided > 0 ? sums.preApproved / sums.preDecided : undefined,
            })),
          );
          const actual = kept.get(metric) ?? ZERO_MOMENTS;
          const { covariate, ...moments } = expected;
          for (const [key, value] of Object.entries({ ...moments, ...covariate })) {
            expect(actual[key as keyof MomentSums]).toBeCloseTo(value, 9);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
