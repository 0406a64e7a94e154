import { describe, expect, it } from 'vitest';
import { INITIAL_DRIFT_STATE } from '#core/drift';
import { ValidationError } from '#core/errors';
import {
  advanceRetraining,
  groupForRetraining,
  parseCompleteJobRequest,
  parseRetrainRequest,
  type RetrainingConfig,
  type RetrainState,
} from '#core/retraining';

const config: RetrainingConfig = {
  threshold: 10,
  drift: { referenceSize: 20, recentSize: 10, checkEvery: 5, alpha: 0.001 },
};
const fresh: RetrainState = { feedbackSinceLastJob: 0, drift: INITIAL_DRIFT_STATE };

describe('advanceRetraining', () => {
  it('creates one threshold job each time the count reaches the threshold', () => {
    const first = advanceRetraining(fresh, Array(9).fill(true), config);
    expect(first.jobs).toEqual([]);
    expect(first.state.feedbackSinceLastJob).toBe(9);
    const second = advanceRetraining(first.state, Array(12).fill(true), config);
    expect(second.jobs).toEqual(['threshold', 'threshold']);
    expect(second.state.feedbackSinceLastJob).toBe(1);
  });

  it('creates a drift job when an episode starts, and counts from 0 again', () => {
    const reference = advanceRetraining(fresh, Array(20).fill(true), config);
    expect(reference.jobs).toEqual(['threshold', 'threshold']);
    const dropped = advanceRetraining(reference.state, Array(13).fill(false), config);
    // The window of 10 is full at the 10th: the episode starts there, not a threshold job.
    expect(dropped.jobs).toEqual(['drift']);
    expect(dropped.state.feedbackSinceLastJob).toBe(3);
    expect(dropped.state.drift.active).toBe(true);
    const still = advanceRetraining(dropped.state, Array(10).fill(false), config);
    expect(still.jobs).toEqual(['threshold']);
  });

  it('does not modify the state it is given', () => {
    const before = structuredClone(fresh);
    advanceRetraining(fresh, Array(40).fill(false), config);
    expect(fresh).toEqual(before);
  });
});

describe('groupForRetraining', () => {
  it('groups by tenant and model version in key order, each in the order received', () => {
    const at = (s: number) => new Date(Date.UTC(2024, 0, 1, 0, 0, s));
    const row = (
      id: string,
      tenantId: string,
      modelVersion: string,
      s: number,
      approved: boolean,
    ) => ({
      id,
      tenantId,
      modelVersion,
      receivedAt: at(s),
      action: approved ? ('approved' as const) : ('rejected' as const),
    });
    const groups = groupForRetraining([
      row('3', 'b', 'v1', 3, true),
      row('1', 'a', 'v2', 2, false),
      row('2', 'a', 'v2', 1, true),
      row('4', 'a', 'v1', 5, true),
    ]);
    expect(groups).toEqual([
      { tenantId: 'a', modelVersion: 'v1', approvals: [true] },
      { tenantId: 'a', modelVersion: 'v2', approvals: [true, false] },
      { tenantId: 'b', modelVersion: 'v1', approvals: [true] },
    ]);
  });
});

describe('request bodies', () => {
  it('takes a retrain request naming a model version', () => {
    expect(parseRetrainRequest({ modelVersion: 'v1.2' })).toEqual({ modelVersion: 'v1.2' });
    expect(() => parseRetrainRequest({ modelVersion: 'bad version' })).toThrow(ValidationError);
    expect(() => parseRetrainRequest({ modelVersion: 'v1', extra: 1 })).toThrow(ValidationError);
  });

  it('takes an evaluation of at most 50 flat metrics', () => {
    const evaluation = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`m${i}`, i / 50]));
    expect(parseCompleteJobRequest({ newModelVersion: 'v2', evaluation }).evaluation).toEqual(
      evaluation,
    );
    try {
      parseCompleteJobRequest({ newModelVersion: 'v2', evaluation: { ...evaluation, m50: 1 } });
      expect.unreachable();
    } catch (error) {
      expect((error as ValidationError).errors).toEqual([
        expect.objectContaining({ path: 'evaluation', rule: 'maxProperties' }),
      ]);
    }
    expect(() =>
      parseCompleteJobRequest({ newModelVersion: 'v2', evaluation: { nested: { a: 1 } } }),
    ).toThrow(ValidationError);
    expect(() => parseCompleteJobRequest({ newModelVersion: 'v2' })).toThrow(ValidationError);
  });
});
