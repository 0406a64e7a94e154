import { describe, expect, it } from 'vitest';
import { ValidationError } from '#core/errors';
import { computeSampleSize } from '#core/experiments/sample-size';

/** The field errors a rejected query names, as `path: rule`. */
function errorsOf(query: Record<string, string>): string[] {
  try {
    computeSampleSize(query);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return error.errors.map(({ path, rule }) => `${path}: ${rule}`);
  }
  throw new Error('the query was accepted');
}

const base = { baseline: '0.2', mde: '0.05' };

describe('GET /v1/experiments/sample-size', () => {
  it("answers Evan Miller's calculator with one decision per person", () => {
    expect(computeSampleSize(base)).toMatchObject({
      peoplePerVariant: 1031,
      totalPeople: 2062,
      decisionsPerPerson: 1,
      betweenPersonSd: null,
      designEffect: 1,
      decisionsPerVariant: 1031,
    });
  });

  it('needs fewer people when each decides more, unless people differ', () => {
    const alike = computeSampleSize({ ...base, decisionsPerPerson: '10', betweenPersonSd: '0' });
    const different = computeSampleSize({
      ...base,
      decisionsPerPerson: '10',
      betweenPersonSd: '0.2',
    });
    // Ten independent decisions each: a tenth of the people.
    expect(alike.peoplePerVariant).toBe(104);
    expect(different.peoplePerVariant).toBeGreaterThan(3 * alike.peoplePerVariant);
    expect(different.peoplePerVariant).toBeLessThan(1031);
    // ρ = 0.04 / 0.16, so D = 1 + 9 · 0.25.
    expect(different.designEffect).toBeCloseTo(3.25, 12);
    expect(different.decisionsPerVariant).toBe(different.peoplePerVariant * 10);
  });

  it('takes a design effect instead, as a past experiment reports it', () => {
    const bySd = computeSampleSize({ ...base, decisionsPerPerson: '10', betweenPersonSd: '0.2' });
    const byEffect = computeSampleSize({ ...base, decisionsPerPerson: '10', designEffect: '3.25' });
    // Equal at the baseline; the design effect also scales the variant's variance.
    expect(Math.abs(byEffect.peoplePerVariant - bySd.peoplePerVariant)).toBeLessThan(
      0.05 * bySd.peoplePerVariant,
    );
  });

  it('names the field that is wrong', () => {
    expect(errorsOf({ ...base, betweenPersonSd: '0.1' })).toEqual([
      'decisionsPerPerson: requiredWithClustering',
    ]);
    expect(
      errorsOf({ ...base, decisionsPerPerson: '5', betweenPersonSd: '0.1', designEffect: '2' }),
    ).toEqual(['designEffect: oneOf']);
    expect(errorsOf({ ...base, decisionsPerPerson: '5', betweenPersonSd: '0.45' })).toEqual([
      'betweenPersonSd: maximum',
    ]);
    expect(errorsOf({ ...base, decisionsPerPerson: '0.5' })).toEqual([
      'decisionsPerPerson: minimum',
    ]);
    expect(errorsOf({ ...base, decisionsPerPerson: '5', designEffect: '0' })).toEqual([
      'designEffect: minimum',
    ]);
    expect(errorsOf({ ...base, decisionsPerPerson: 'ten' })).toEqual([
      'decisionsPerPerson: pattern',
    ]);
  });
});
