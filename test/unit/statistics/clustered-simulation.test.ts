import { describe, expect, it } from 'vitest';
import { computeSampleSize } from '#core/experiments/sample-size';
import {
  type AlwaysValidResult,
  compareRatios,
  momentsOf,
  normalTwoSided,
  permutationTest,
  ratioDifference,
  ratioEstimate,
  twoProportionZ,
} from '#core/statistics/index';
import {
  betaWith,
  drawDailyPeople,
  drawPeople,
  meanRate,
  type Population,
  peopleOnDay,
} from './clustered-world';
import { mulberry32 } from './prng';

// Seeded simulations of experiments whose people decide many proposals each. They print
// their figures (docs/experiments.md quotes them) and assert the properties the issue asks for;
// nothing here is timed. Run alone: npx vitest run test/unit/statistics/clustered-simulation.test.ts
const ALPHA = 0.05;
const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`;
/** Binomial standard error of a simulated rate, to say how far from nominal is noise. */
const noise = (rate: number, runs: number) => Math.sqrt((rate * (1 - rate)) / runs);

const SPREADS: { label: string; population: Population }[] = [
  {
    label: 'Beta(8, 2), 15-25 decisions (the issue)',
    population: { a: 8, b: 2, decisions: [15, 25] },
  },
  {
    label: 'Beta(2, 2), 15-25 decisions (the issue)',
    population: { a: 2, b: 2, decisions: [15, 25] },
  },
  { label: 'Beta(40, 10), 1-50 decisions', population: { a: 40, b: 10, decisions: [1, 50] } },
  { label: 'Beta(8, 2), 1-50 decisions', population: { a: 8, b: 2, decisions: [1, 50] } },
  { label: 'Beta(2, 2), 1-50 decisions', population: { a: 2, b: 2, decisions: [1, 50] } },
  { label: 'Beta(0.5, 0.5), 1-50 decisions', population: { a: 0.5, b: 0.5, decisions: [1, 50] } },
];

/** Share of experiments whose p-value falls below alpha. */
const share = (hits: number, runs: number) => hits / runs;

/** Pooled z over decisions, the delta-method z, and Welch's t over people, on the same A/A data. */
function falseWinners(seed: number, population: Population, people: number, runs: number) {
  const random = mulberry32(seed);
  let pooled = 0;
  let deltaZ = 0;
  let welch = 0;
  for (let run = 0; run < runs; run++) {
    const c = momentsOf(drawPeople(random, people, population));
    const t = momentsOf(drawPeople(random, people, population));
    const decisions = (m: typeof c) => ({ successes: m.sumX, trials: m.sumM });
    if (twoProportionZ(decisions(c), decisions(t)).pValue < ALPHA) pooled++;
    if (normalTwoSided(ratioDifference(ratioEstimate(c), ratioEstimate(t)).z) < ALPHA) deltaZ++;
    if ((compareRatios(c, t)?.headline.pValue ?? 1) < ALPHA) welch++;
  }
  return { pooled: share(pooled, runs), deltaZ: share(deltaZ, runs), welch: share(welch, runs) };
}

describe('A/A experiments with clustered decisions (200 people per variant, one planned look)', () => {
  const RUNS = 2000;
  it('keeps false winners at 5% ± 1.5% over people, where the pooled z over decisions does not', () => {
    const rows = SPREADS.map(({ label, population }, i) => ({
      label,
      ...falseWinners(20260 + i, population, 200, RUNS),
    }));
    console.log(
      `A/A x ${RUNS} per row, alpha 0.05, false winners (binomial noise ±${percent(noise(ALPHA, RUNS))}):\n` +
        "| people's rates, decisions per person | pooled z over decisions | delta-method z over people | Welch t over people |\n" +
        rows
          .map(
            (r) =>
              `| ${r.label} | ${percent(r.pooled)} | ${percent(r.deltaZ)} | ${percent(r.welch)} |`,
          )
          .join('\n'),
    );
    for (const row of rows) {
      expect(Math.abs(row.welch - ALPHA), row.label).toBeLessThanOrEqual(0.015);
      expect(row.pooled, row.label).toBeGreaterThan(0.1);
    }
  });
});

describe('small experiments: where the permutation test takes over', () => {
  // Enumerating 12,870 reassignments is cheap, so the exact case gets the most runs.
  const SIZES = [
    { people: 8, runs: 4000 },
    { people: 20, runs: 1000 },
  ];
  const population: Population = { a: 0.5, b: 0.5, decisions: [1, 50] };

  it('keeps false winners at 5% with a permutation test where the t-test runs high', () => {
    const rows = SIZES.map(({ people, runs }) => {
      const random = mulberry32(4100 + people);
      let permuted = 0;
      let welch = 0;
      let method = '';
      let largestError = 0;
      for (let run = 0; run < runs; run++) {
        const c = drawPeople(random, people, population);
        const t = drawPeople(random, people, population);
        const result = permutationTest(c, t, { seed: run });
        method = result.method;
        largestError = Math.max(largestError, result.monteCarloError ?? 0);
        if (result.pValue < ALPHA) permuted++;
        const forced = compareRatios(momentsOf(c), momentsOf(t), { smallSamplePeople: 0 });
        if ((forced?.headline.pValue ?? 1) < ALPHA) welch++;
      }
      return {
        people,
        runs,
        method,
        largestError,
        permuted: share(permuted, runs),
        welch: share(welch, runs),
      };
    });
    // At the switch itself the t-test takes over.
    const atSwitch = falseWinners(4130, population, 30, 2000).welch;
    console.log(
      "A/A, people's rates Beta(0.5, 0.5), 1-50 decisions:\n" +
        rows
          .map(
            (r) =>
              `  ${r.people} people per variant, x ${r.runs} (noise ±${percent(noise(ALPHA, r.runs))}): permutation (${r.method}, Monte-Carlo error <= ${r.largestError.toFixed(4)}) ${percent(r.permuted)}, Welch t ${percent(r.welch)}`,
          )
          .join('\n') +
        `\n  30 people per variant, x 2000 (the switch): Welch t ${percent(atSwitch)}`,
    );
    for (const row of rows) {
      expect(Math.abs(row.permuted - ALPHA)).toBeLessThanOrEqual(0.015);
    }
    expect(Math.abs(atSwitch - ALPHA)).toBeLessThanOrEqual(0.015);
  });
});

describe('always-valid test read daily (14 days, 25 new people per variant a day)', () => {
  const RUNS = 1000;
  const DAYS = 14;
  const population: Population = { a: 2, b: 2, decisions: [1, 50] };

  it('keeps false winners at or below 5% however often it is read; the daily t-test does not', () => {
    const random = mulberry32(77);
    let once = 0;
    let peeking = 0;
    let alwaysValid = 0;
    for (let run = 0; run < RUNS; run++) {
      const c = drawDailyPeople(random, 25, DAYS, population);
      const t = drawDailyPeople(random, 25, DAYS, population);
      let running: AlwaysValidResult | undefined;
      let everSignificant = false;
      let last = 1;
      for (let day = 0; day < DAYS; day++) {
        const compared = compareRatios(
          momentsOf(peopleOnDay(c, day)),
          momentsOf(peopleOnDay(t, day)),
          {
            tau: 0.05,
            ...(running ? { previousAlwaysValid: running } : {}),
          },
        );
        if (!compared) continue;
        running = compared.alwaysValid;
        last = compared.headline.pValue;
        if (last < ALPHA) everSignificant = true;
      }
      if (last < ALPHA) once++;
      if (everSignificant) peeking++;
      if ((running?.pValue ?? 1) < ALPHA) alwaysValid++;
    }
    console.log(
      `A/A x ${RUNS}, Beta(2, 2), 1-50 decisions over ${DAYS} days: Welch t once at the end ${percent(share(once, RUNS))}, ` +
        `Welch t read daily ${percent(share(peeking, RUNS))}, always-valid read daily ${percent(share(alwaysValid, RUNS))}`,
    );
    expect(share(alwaysValid, RUNS)).toBeLessThanOrEqual(ALPHA);
    expect(share(peeking, RUNS)).toBeGreaterThan(ALPHA + 0.015);
  });
});

describe('power at the size the planner gives', () => {
  const RUNS = 1000;

  /** Share of experiments with a real lift whose Welch t p-value is below alpha. */
  function power(seed: number, control: Population, treatment: Population, people: number) {
    const random = mulberry32(seed);
    let found = 0;
    for (let run = 0; run < RUNS; run++) {
      const compared = compareRatios(
        momentsOf(drawPeople(random, people, control)),
        momentsOf(drawPeople(random, people, treatment)),
      );
      if ((compared?.headline.pValue ?? 1) < ALPHA) found++;
    }
    return share(found, RUNS);
  }

  it('detects the planned effect about 80% of the time, from betweenPersonSd or a design effect', () => {
    // People's rates Beta(7, 3): mean 0.7, sd sqrt(21 / 1100). Under the variant they have
    // the same spread around 0.75: the planner's assumption (a variant that also narrowed
    // the spread would be found more often than planned).
    const sd = Math.sqrt(21 / 1100);
    const lifted = betaWith(0.75, sd * sd);
    const fixed: Population = { a: 7, b: 3, decisions: [10, 10] };
    const plannedBySd = computeSampleSize({
      baseline: '0.7',
      mde: '0.05',
      decisionsPerPerson: '10',
      betweenPersonSd: sd.toFixed(6),
    });
    const bySd = power(501, fixed, { ...fixed, ...lifted }, plannedBySd.peoplePerVariant);
    // Unequal decisions (1 to 50): the design effect 1 + ρ (E[m²]/E[m] − 1) holds for them.
    const varying: Population = { a: 7, b: 3, decisions: [1, 50] };
    const rho = (sd * sd) / (0.7 * 0.3);
    const designEffect = 1 + rho * (858.5 / 25.5 - 1);
    const plannedByEffect = computeSampleSize({
      baseline: '0.7',
      mde: '0.05',
      decisionsPerPerson: '25.5',
      designEffect: designEffect.toFixed(6),
    });
    const byEffect = power(
      502,
      varying,
      { ...varying, ...lifted },
      plannedByEffect.peoplePerVariant,
    );
    const perDecision = computeSampleSize({ baseline: '0.7', mde: '0.05' }).peoplePerVariant;
    console.log(
      `Power x ${RUNS} (noise ±${percent(noise(0.8, RUNS))}), 0.70 -> 0.75, nominal 80%:\n` +
        `  10 decisions each, betweenPersonSd ${sd.toFixed(3)}: ${plannedBySd.peoplePerVariant} people per variant, power ${percent(bySd)}\n` +
        `  1-50 decisions, designEffect ${designEffect.toFixed(2)}: ${plannedByEffect.peoplePerVariant} people per variant, power ${percent(byEffect)}\n` +
        `  (one decision per person would need ${perDecision} people)`,
    );
    expect(Math.abs(bySd - 0.8)).toBeLessThanOrEqual(0.04);
    expect(Math.abs(byEffect - 0.8)).toBeLessThanOrEqual(0.04);
  });
});

describe('CUPED with the pre-assignment approval rate', () => {
  const RUNS = 1000;
  // 60% of people decided 1-30 proposals before their assignment, at their own rate.
  const control: Population = {
    a: 2,
    b: 2,
    decisions: [1, 50],
    historyShare: 0.6,
    historyDecisions: [1, 30],
  };
  const treatment: Population = { ...control, lift: 0.1 };

  it('narrows the interval by the reduction it reports and still covers the truth 95% of the time', () => {
    const truth = meanRate(treatment) - meanRate(control);
    const random = mulberry32(909);
    const adjusted: number[] = [];
    const unadjusted: number[] = [];
    let reduction = 0;
    let widthRatio = 0;
    let coveredAdjusted = 0;
    let coveredUnadjusted = 0;
    for (let run = 0; run < RUNS; run++) {
      const compared = compareRatios(
        momentsOf(drawPeople(random, 300, control)),
        momentsOf(drawPeople(random, 300, treatment)),
      );
      if (!compared?.cuped.applied) throw new Error('CUPED should apply with history');
      const [low, high] = compared.headline.ci95Absolute;
      const [rawLow, rawHigh] = compared.unadjusted.ci95Absolute;
      adjusted.push(compared.headline.absoluteLift);
      unadjusted.push(compared.unadjusted.absoluteLift);
      reduction += compared.cuped.varianceReduction / RUNS;
      widthRatio += (high - low) / (rawHigh - rawLow) / RUNS;
      if (low <= truth && truth <= high) coveredAdjusted++;
      if (rawLow <= truth && truth <= rawHigh) coveredUnadjusted++;
    }
    const variance = (values: number[]) => {
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      return values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1);
    };
    const realised = 1 - variance(adjusted) / variance(unadjusted);
    console.log(
      `CUPED x ${RUNS}, 300 people per variant, Beta(2, 2), true lift ${truth.toFixed(3)}:\n` +
        `  reported variance reduction ${percent(reduction)} (realised across runs ${percent(realised)}), ` +
        `interval width ratio ${widthRatio.toFixed(3)} (sqrt(1 - reduction) = ${Math.sqrt(1 - reduction).toFixed(3)})\n` +
        `  coverage of the truth: CUPED ${percent(share(coveredAdjusted, RUNS))}, unadjusted ${percent(share(coveredUnadjusted, RUNS))}`,
    );
    expect(reduction).toBeGreaterThan(0.1);
    expect(Math.abs(realised - reduction)).toBeLessThan(0.05);
    expect(Math.abs(widthRatio - Math.sqrt(1 - reduction))).toBeLessThan(0.01);
    expect(Math.abs(share(coveredAdjusted, RUNS) - 0.95)).toBeLessThanOrEqual(0.015);
  });
});
