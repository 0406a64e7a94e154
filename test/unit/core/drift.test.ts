import { describe, expect, it } from 'vitest';
import {
  advanceDrift,
  approvalDropZ,
  criticalZ,
  type DriftConfig,
  type DriftState,
  INITIAL_DRIFT_STATE,
  normalQuantile,
  validateDriftConfig,
} from '#core/drift';

/** The defaults of functions/config.ts. */
const DEFAULTS: DriftConfig = { referenceSize: 1000, recentSize: 500, checkEvery: 50, alpha: 1e-4 };

/** A seeded generator (mulberry32): the same streams on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `length` Bernoulli draws, the approval probability switching to `after.p` at `after.at`. */
function stream(seed: number, length: number, p: number, after?: { at: number; p: number }) {
  const next = random(seed);
  return Array.from({ length }, (_, i) => next() < (after && i >= after.at ? after.p : p));
}

/** Feeds a stream in batches of 10, as `learn` does, and returns every event. */
function run(approvals: boolean[], config: DriftConfig = DEFAULTS) {
  let state: DriftState = INITIAL_DRIFT_STATE;
  const events: { index: number; kind: string }[] = [];
  for (let start = 0; start < approvals.length; start += 10) {
    const result = advanceDrift(state, approvals.slice(start, start + 10), config);
    state = result.state;
    for (const event of result.events) events.push({ ...event, index: start + event.index });
  }
  return { state, events };
}

describe('the statistics', () => {
  it('computes normal quantiles', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326348, 5);
    expect(criticalZ(0.001)).toBeCloseTo(3.090232, 5);
    expect(criticalZ(1e-4)).toBeCloseTo(3.719016, 5);
  });

  it('computes the pooled two-proportion z, positive when the recent rate is lower', () => {
    // p_ref 0.8 (n 1000), p_recent 0.6 (n 500): pooled 0.7333, se 0.02422.
    const z = approvalDropZ({ approved: 800, total: 1000 }, { approved: 300, total: 500 });
    expect(z).toBeCloseTo(8.258, 2);
    expect(
      approvalDropZ({ approved: 600, total: 1000 }, { approved: 400, total: 500 }),
    ).toBeLessThan(0);
    expect(approvalDropZ({ approved: 10, total: 10 }, { approved: 5, total: 5 })).toBe(0);
  });

  it('refuses a recent window that is not a whole number of checks', () => {
    expect(() => validateDriftConfig({ ...DEFAULTS, recentSize: 520 })).toThrow(
      /DRIFT_RECENT_WINDOW must be a multiple of DRIFT_CHECK_EVERY/,
    );
  });
});

describe('drift detection', () => {
  it('does not test before the reference is complete and the recent window full', () => {
    const { state, events } = run(stream(1, 1000 + 450, 0.8, { at: 1000, p: 0 }));
    expect(events).toEqual([]);
    expect(state.z).toBeNull();
    expect(state.referenceTotal).toBe(1000);
  });

  it('raises no false alarm on stable streams of Bernoulli(0.8), within the stated rate', () => {
    const streams = 1000;
    const length = 5000;
    const testsPerStream =
      (length - DEFAULTS.referenceSize - DEFAULTS.recentSize) / DEFAULTS.checkEvery + 1;
    // Union bound: a stream alarms falsely with probability at most alpha x tests.
    const statedRate = DEFAULTS.alpha * testsPerStream;
    let alarmed = 0;
    let alarmedInFirst50 = 0;
    for (let seed = 1; seed <= streams; seed += 1) {
      const { events } = run(stream(seed, length, 0.8));
      if (events.some((e) => e.kind === 'started')) {
        alarmed += 1;
        if (seed <= 50) alarmedInFirst50 += 1;
      }
    }
    console.log(
      `drift: false alarms on stable streams: ${alarmedInFirst50} of 50, ${alarmed} of ${streams} ` +
        `(${((alarmed / streams) * 100).toFixed(2)}%; stated bound ${(statedRate * 100).toFixed(2)}% ` +
        `per stream of ${length})`,
    );
    expect(alarmedInFirst50).toBe(0);
    expect(alarmed / streams).toBeLessThanOrEqual(statedRate);
  });

  it('detects a drop from 0.8 to 0.6 in every stream, once, within a window', () => {
    const delays: number[] = [];
    for (let seed = 1; seed <= 50; seed += 1) {
      const { events } = run(stream(10_000 + seed, 5000, 0.8, { at: 2500, p: 0.6 }));
      const started = events.filter((e) => e.kind === 'started');
      expect(started).toHaveLength(1);
      expect(events.filter((e) => e.kind === 'ended')).toHaveLength(0);
      const [first] = started;
      expect(first?.index).toBeGreaterThanOrEqual(2500);
      delays.push((first?.index ?? 0) - 2500 + 1);
    }
    delays.sort((a, b) => a - b);
    console.log(
      `drift: 0.8 -> 0.6 detected in 50 of 50 streams, after ${delays[0]} to ${delays.at(-1)} ` +
        `feedback (median ${delays[25]})`,
    );
    expect(delays.at(-1)).toBeLessThanOrEqual(DEFAULTS.recentSize);
  });

  it('ends the episode when the rate recovers, and opens a new one at the next drop', () => {
    const config = { ...DEFAULTS, referenceSize: 200, recentSize: 100, checkEvery: 20 };
    const phases = [
      stream(7, 200, 0.8),
      stream(8, 300, 0.3),
      stream(9, 300, 0.8),
      stream(10, 300, 0.3),
    ].flat();
    const { events, state } = run(phases, config);
    expect(events.map((e) => e.kind)).toEqual(['started', 'ended', 'started']);
    const [start, end, again] = events.map((e) => e.index);
    expect(start).toBeGreaterThanOrEqual(200);
    expect(end).toBeGreaterThanOrEqual(500);
    expect(again).toBeGreaterThanOrEqual(800);
    expect(state.active).toBe(true);
  });

  it('gives the same state whatever the batch sizes', () => {
    const approvals = stream(3, 2000, 0.7);
    const whole = advanceDrift(INITIAL_DRIFT_STATE, approvals, DEFAULTS).state;
    expect(run(approvals).state).toEqual(whole);
    expect(whole.recentTotals).toHaveLength(10);
    expect(whole.chunkTotal).toBe(0);
  });
});
