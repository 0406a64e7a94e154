import { describe, expect, it } from 'vitest';
import { ValidationError } from '#core/errors';
import { newExperiment, patchExperiment } from '#core/experiments/definition';

// Found by the whole-API fuzz: a coverage of 1.6e-243 passed validation and failed the
// DynamoDB write ("Number underflow"), a 500.
const NOW = new Date('2026-01-01T00:00:00Z');
const body = {
  name: 'v2 vs v1',
  variants: [
    { key: 'control', modelVersion: 'v1', weight: 0.5 },
    { key: 'treatment', modelVersion: 'v2', weight: 0.5 },
  ],
  minimumDetectableEffect: 0.02,
};

function rulesBroken(work: () => unknown): string[] {
  try {
    work();
  } catch (error) {
    if (error instanceof ValidationError) return error.errors.map((e) => `${e.path}:${e.rule}`);
    throw error;
  }
  return [];
}

describe('numbers an experiment stores', () => {
  it.each([
    ['coverage', { coverage: 1.6e-243 }],
    ['alpha', { alpha: 1e-300 }],
    ['power', { power: 5e-324 }],
    ['minimumDetectableEffect', { minimumDetectableEffect: 1e-131 }],
  ])('refuses a %s too small for DynamoDB to hold', (field, change) => {
    expect(rulesBroken(() => newExperiment('t', 'e', { ...body, ...change }, NOW))).toContain(
      `${field}:storableNumber`,
    );
  });

  it('refuses a variant weight too small to store, in a patch too', () => {
    const experiment = newExperiment('t', 'e', body, NOW);
    const variants = [
      { key: 'control', modelVersion: 'v1', weight: 1 },
      { key: 'treatment', modelVersion: 'v2', weight: 1e-200 },
    ];

    expect(rulesBroken(() => patchExperiment(experiment, { variants }, NOW))).toContain(
      'variants[1].weight:storableNumber',
    );
  });

  it('takes 0 coverage and the smallest storable share', () => {
    expect(rulesBroken(() => newExperiment('t', 'e', { ...body, coverage: 0 }, NOW))).toEqual([]);
    expect(rulesBroken(() => newExperiment('t', 'e', { ...body, alpha: 1e-130 }, NOW))).toEqual([]);
  });
});
