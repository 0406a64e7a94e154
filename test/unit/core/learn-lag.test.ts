import { describe, expect, it } from 'vitest';
import { learnLagOf } from '#core/learn-lag';

const learnedAt = new Date('2026-01-01T00:00:10.000Z');

describe('learnLagOf', () => {
  it('gives the longest and the mean wait of a batch, in milliseconds', () => {
    const receivedAt = [
      new Date('2026-01-01T00:00:09.000Z'),
      new Date('2026-01-01T00:00:07.000Z'),
      new Date('2026-01-01T00:00:09.800Z'),
    ];
    expect(learnLagOf(receivedAt, learnedAt)).toEqual({ maxMs: 3000, meanMs: 1400 });
  });

  it('says nothing of a batch that learned nothing', () => {
    expect(learnLagOf([], learnedAt)).toBeUndefined();
  });

  it('counts a clock that ran behind as no wait, never a negative one', () => {
    expect(learnLagOf([new Date('2026-01-01T00:00:11.000Z')], learnedAt)).toEqual({
      maxMs: 0,
      meanMs: 0,
    });
  });
});
