import { describe, expect, it } from 'vitest';
import {
  evaluateLearning,
  STYLED_TARGET,
  UNSTYLED_TARGET,
} from '../../../../scripts/learning-evaluation';

describe('npm run eval:learning, smaller', () => {
  it('meets the targets after 20 modifications per person', () => {
    const results = evaluateLearning({
      seed: 7,
      runs: 3,
      trainingModifications: 20,
      testProposals: 60,
      thresholds: { minEvidence: 3, minConfidence: 0.8, minPeople: 3 },
    });
    expect(results.length).toBeGreaterThanOrEqual(8);
    for (const result of results) {
      const target = result.consistent ? STYLED_TARGET : UNSTYLED_TARGET;
      expect({ person: result.person, met: result.rate >= target }).toEqual({
        person: result.person,
        met: true,
      });
    }
  });
});
