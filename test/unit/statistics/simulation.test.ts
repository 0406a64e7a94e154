import { describe, expect, it } from 'vitest';
import {
  type AlwaysValidResult,
  alwaysValid,
  compareProportions,
  twoProportionZ,
} from '#core/statistics/index';
import { binomial, mulberry32 } from './prng';

const EXPERIMENTS = 2000;
const DAYS = 14;
const PEOPLE_PER_ARM_PER_DAY = 150;
const BASELINE = 0.1;
const ALPHA = 0.05;

interface Rates {
  /** Share of experiments significant at the single planned look (day 14). */
  fixedOnce: number;
  /** Share significant at any daily look with the fixed-horizon p-value. */
  fixedPeeking: number;
  /** Share significant at any daily look with the always-valid p-value. */
  alwaysValidPeeking: number;
}

/** Runs experiments whose treatment converts at `treatmentRate`, looking every day. */
function simulate(seed: number, treatmentRate: number, experiments: number, tau?: number): Rates {
  const random = mulberry32(seed);
  let fixedOnce = 0;
  let fixedPeeking = 0;
  let alwaysValidPeeking = 0;
  for (let e = 0; e < experiments; e++) {
    const control = { successes: 0, trials: 0 };
    const treatment = { successes: 0, trials: 0 };
    let everFixed = false;
    let running: AlwaysValidResult | undefined;
    for (let day = 1; day <= DAYS; day++) {
      control.successes += binomial(random, PEOPLE_PER_ARM_PER_DAY, BASELINE);
      treatment.successes += binomial(random, PEOPLE_PER_ARM_PER_DAY, treatmentRate);
      control.trials += PEOPLE_PER_ARM_PER_DAY;
      treatment.trials += PEOPLE_PER_ARM_PER_DAY;
      if (twoProportionZ(control, treatment).pValue < ALPHA) everFixed = true;
      running = alwaysValid(control, treatment, {
        ...(tau === undefined ? {} : { tau }),
        ...(running ? { previous: running } : {}),
      });
    }
    if (compareProportions(control, treatment).pValue < ALPHA) fixedOnce++;
    if (everFixed) fixedPeeking++;
    if (running && running.pValue < ALPHA) alwaysValidPeeking++;
  }
  return {
    fixedOnce: fixedOnce / experiments,
    fixedPeeking: fixedPeeking / experiments,
    alwaysValidPeeking: alwaysValidPeeking / experiments,
  };
}

const asPercent = (rate: number) => `${(rate * 100).toFixed(2)}%`;

describe(`simulated experiments (${DAYS} daily looks, ${PEOPLE_PER_ARM_PER_DAY}/arm/day, baseline ${BASELINE})`, () => {
  it('keeps false positives at 5% with one look, and at or below 5% with daily always-valid looks', () => {
    const rates = simulate(20261124, BASELINE, EXPERIMENTS);
    console.log(
      `A/A x ${EXPERIMENTS}: fixed-horizon once ${asPercent(rates.fixedOnce)}, ` +
        `fixed-horizon peeking daily ${asPercent(rates.fixedPeeking)}, ` +
        `always-valid peeking daily ${asPercent(rates.alwaysValidPeeking)}`,
    );
    expect(Math.abs(rates.fixedOnce - ALPHA)).toBeLessThanOrEqual(0.015);
    expect(rates.alwaysValidPeeking).toBeLessThanOrEqual(ALPHA);
    // Peeking at the fixed-horizon p-value inflates false positives well past 5%.
    expect(rates.fixedPeeking).toBeGreaterThan(ALPHA + 0.015);
  });

  it('still finds a real 3-point lift more often than not when tau is the effect sized for', () => {
    const rates = simulate(7, BASELINE + 0.03, 500, 0.03);
    console.log(
      `A/B (+3 points) x 500: fixed-horizon once ${asPercent(rates.fixedOnce)}, ` +
        `always-valid peeking daily ${asPercent(rates.alwaysValidPeeking)}`,
    );
    expect(rates.fixedOnce).toBeGreaterThan(0.8);
    // The price of peeking freely: less power than one planned look (about 58% against 88% here).
    expect(rates.alwaysValidPeeking).toBeGreaterThan(0.5);
  });
});
