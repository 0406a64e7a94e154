import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LIMITS_PER_MINUTE,
  decideSlidingWindow,
  describeDecision,
  type RateLimitPolicy,
  rateLimitClassOf,
  rateLimitPolicies,
} from '#core/rate-limit-policy';

const user: RateLimitPolicy = { name: 'user', limit: 100, windowSeconds: 60 };
const T0 = 1_717_236_000_000;
const MINUTE = 60_000;

/** Replays arrivals (ms, in order) on one key, as Redis or memory would. */
function replay(policy: RateLimitPolicy, arrivals: readonly number[]) {
  let log: number[] = [];
  return arrivals.map((at) => {
    const step = decideSlidingWindow(policy, log, at);
    log = step.log;
    return {
      at,
      count: step.count,
      oldestMs: step.oldestMs,
      ...describeDecision(policy, step, at),
    };
  });
}

const admittedTimes = (decisions: { at: number; allowed: boolean }[]) =>
  decisions.filter((d) => d.allowed).map((d) => d.at);

/** Arrival times with bursts, trickles and pauses: gaps of 0, a few ms, seconds or a minute. */
const arrivalsArbitrary = fc
  .array(
    fc.oneof(
      { arbitrary: fc.constant(0), weight: 3 },
      { arbitrary: fc.integer({ min: 0, max: 50 }), weight: 4 },
      { arbitrary: fc.integer({ min: 0, max: 2_000 }), weight: 2 },
      { arbitrary: fc.integer({ min: 0, max: 30_000 }), weight: 1 },
      { arbitrary: fc.integer({ min: 59_990, max: 60_010 }), weight: 1 },
    ),
    { maxLength: 400, size: 'max' },
  )
  .map((gaps) => {
    let at = T0;
    return gaps.map((gap) => {
      at += gap;
      return at;
    });
  });

// Small limits half the time, so that most sequences are refused somewhere.
const policyArbitrary = fc
  .oneof(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 300 }))
  .map((limit): RateLimitPolicy => ({ name: 'user', limit, windowSeconds: 60 }));

describe('decideSlidingWindow', () => {
  it('lets a fresh key spend its whole minute at once, and not one request more', () => {
    const decisions = replay(user, Array(101).fill(T0));

    expect(decisions.filter((d) => d.allowed)).toHaveLength(100);
    expect(decisions[99]).toMatchObject({ allowed: true, remaining: 0 });
    expect(decisions[100]).toMatchObject({ allowed: false, remaining: 0, retryAfterSeconds: 60 });
  });

  it('gives nothing back until a minute after each admission: no refill burst after a full one', () => {
    // GCRA with a burst of 100 admits one more every 600 ms here, 199 in the minute.
    const trickle = Array.from({ length: 99 }, (_, i) => T0 + (i + 1) * 600);
    const decisions = replay(user, [...Array<number>(100).fill(T0), ...trickle]);

    expect(decisions.filter((d) => d.allowed)).toHaveLength(100);
  });

  it('does not double up across a window boundary', () => {
    const late = Array<number>(100).fill(T0 + MINUTE - 1);
    const decisions = replay(user, [
      ...late,
      T0 + MINUTE,
      T0 + 2 * MINUTE - 2,
      T0 + 2 * MINUTE - 1,
    ]);

    expect(decisions.map((d) => d.allowed).slice(-3)).toEqual([false, false, true]);
  });

  it('never admits more than limit in any 60 s window, wherever it starts', () => {
    fc.assert(
      fc.property(policyArbitrary, arrivalsArbitrary, (policy, arrivals) => {
        const admitted = admittedTimes(replay(policy, arrivals));
        // The busiest window may be taken to start at an admission: count from each one.
        const busiest = Math.max(
          0,
          ...admitted.map(
            (start) => admitted.filter((at) => at >= start && at < start + MINUTE).length,
          ),
        );
        expect(busiest).toBeLessThanOrEqual(policy.limit);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a request exactly when limit requests were admitted in the 60 s before it', () => {
    let refusals = 0;
    fc.assert(
      fc.property(policyArbitrary, arrivalsArbitrary, (policy, arrivals) => {
        const decisions = replay(policy, arrivals);
        decisions.forEach((decision, i) => {
          const before = admittedTimes(decisions.slice(0, i)).filter(
            (at) => at > decision.at - MINUTE,
          ).length;
          expect(decision.allowed).toBe(before < policy.limit);
          if (!decision.allowed) {
            expect(before).toBe(policy.limit);
            refusals += 1;
          }
        });
      }),
      { numRuns: 300 },
    );
    expect(refusals).toBeGreaterThan(0);
  });

  it('admits a request sent once Retry-After has passed, and refuses one a second sooner', () => {
    fc.assert(
      fc.property(policyArbitrary, arrivalsArbitrary, (policy, arrivals) => {
        const decisions = replay(policy, arrivals);
        decisions.forEach((refused, i) => {
          if (refused.allowed) return;
          const upToRefusal = arrivals.slice(0, i + 1);
          const wait = refused.retryAfterSeconds * 1000;
          const retried = replay(policy, [...upToRefusal, refused.at + wait]).at(-1);
          const early = replay(policy, [...upToRefusal, refused.at + wait - 1000]).at(-1);

          expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
          expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
          expect(retried?.allowed).toBe(true);
          expect(early?.allowed).toBe(false);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('keeps the log in order when the clock steps back', () => {
    const step = decideSlidingWindow(user, [T0 + 10], T0 + 5);

    expect(step).toMatchObject({
      allowed: true,
      count: 2,
      oldestMs: T0 + 5,
      log: [T0 + 5, T0 + 10],
    });
  });
});

describe('describeDecision', () => {
  it('counts remaining requests down and says when the oldest counted one leaves the window', () => {
    const decisions = replay(user, [T0, T0 + 500, T0 + 30_000, T0 + MINUTE + 500]);

    expect(decisions.map(({ remaining, resetSeconds }) => ({ remaining, resetSeconds }))).toEqual([
      { remaining: 99, resetSeconds: 60 },
      { remaining: 98, resetSeconds: 60 },
      { remaining: 97, resetSeconds: 30 },
      // The first two have left: the one at 30 s is now the oldest.
      { remaining: 98, resetSeconds: 30 },
    ]);
  });

  it('with the window full, sends a Retry-After equal to the reset', () => {
    const decisions = replay(user, [T0, ...Array<number>(99).fill(T0 + 20_000), T0 + 20_100]);

    expect(decisions[99]).toMatchObject({ allowed: true, remaining: 0, resetSeconds: 40 });
    expect(decisions[100]).toMatchObject({
      allowed: false,
      remaining: 0,
      resetSeconds: 40,
      retryAfterSeconds: 40,
    });
  });
});

describe('rateLimitClassOf', () => {
  it.each([
    ['POST', 'user', 'user'],
    ['GET', 'user', 'metrics'],
    ['HEAD', 'user', 'metrics'],
    ['POST', 'admin', 'admin'],
    ['GET', 'admin', 'admin'],
  ] as const)('puts %s on a %s route in the %s class', (method, scope, expected) => {
    expect(rateLimitClassOf(method, scope)).toBe(expected);
  });

  it('does not limit public routes', () => {
    expect(rateLimitClassOf('GET', 'public')).toBeUndefined();
  });
});

describe('rateLimitPolicies', () => {
  it('advertises the original service limits per minute by default', () => {
    expect(rateLimitPolicies(DEFAULT_LIMITS_PER_MINUTE)).toEqual({
      user: { name: 'user', limit: 100, windowSeconds: 60 },
      metrics: { name: 'metrics', limit: 50, windowSeconds: 60 },
      admin: { name: 'admin', limit: 200, windowSeconds: 60 },
    });
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses a limit of %s at cold start', (limit) => {
    expect(() => rateLimitPolicies({ ...DEFAULT_LIMITS_PER_MINUTE, metrics: limit })).toThrow(
      /metrics rate limit must be a positive integer/,
    );
  });
});
