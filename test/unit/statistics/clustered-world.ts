import type { PersonObservation } from '#core/statistics/index';
import { beta, binomial, uniformInt } from './prng';

/**
 * A population of people who decide proposals: each person has their own approval rate,
 * drawn from Beta(a, b), and decides between `decisions[0]` and `decisions[1]` proposals,
 * every decision a coin with that person's rate. Decisions of one person are therefore
 * correlated, which is the situation per-decision statistics get wrong.
 */
export interface Population {
  a: number;
  b: number;
  decisions: readonly [min: number, max: number];
  /**
   * The variant's effect: every person's rate p becomes p + lift·(1 − p), so it stays a rate
   * and the population's mean rate rises by exactly lift·(1 − a/(a + b)).
   */
  lift?: number;
  /** Share of people with decisions before their assignment (CUPED's covariate). */
  historyShare?: number;
  /** Pre-assignment decisions of a person with history. */
  historyDecisions?: readonly [min: number, max: number];
}

/** Beta(a, b) with the given mean and variance (variance below mean·(1 − mean)). */
export function betaWith(mean: number, variance: number): { a: number; b: number } {
  const total = (mean * (1 - mean)) / variance - 1;
  return { a: mean * total, b: (1 - mean) * total };
}

/** The population's true mean approval rate, the truth a lift estimate aims at. */
export function meanRate(population: Population): number {
  const mean = population.a / (population.a + population.b);
  return mean + (population.lift ?? 0) * (1 - mean);
}

/** `n` people of one variant: approvals x out of m decisions, and the prior rate if any. */
export function drawPeople(
  random: () => number,
  n: number,
  population: Population,
): PersonObservation[] {
  const people: PersonObservation[] = [];
  for (let i = 0; i < n; i++) {
    const own = beta(random, population.a, population.b);
    const rate = own + (population.lift ?? 0) * (1 - own);
    const m = uniformInt(random, population.decisions[0], population.decisions[1]);
    const person: PersonObservation = { x: binomial(random, m, rate), m };
    if (population.historyShare !== undefined && random() < population.historyShare) {
      const [low, high] = population.historyDecisions ?? [1, 30];
      const before = uniformInt(random, low, high);
      // The pre-period shows the person's own rate, before the variant changed anything.
      person.priorRate = binomial(random, before, own) / before;
    }
    people.push(person);
  }
  return people;
}

/** A person seen day by day: cumulative approvals and decisions at the end of each day. */
export interface DailyPerson {
  approvedBy: Float64Array;
  decidedBy: Float64Array;
}

/**
 * `perDay` new people a day for `days` days; each decides their proposals on days drawn
 * uniformly from their arrival to the end, so early looks see few people with few
 * decisions each, as a running experiment does.
 */
export function drawDailyPeople(
  random: () => number,
  perDay: number,
  days: number,
  population: Population,
): DailyPerson[] {
  const people: DailyPerson[] = [];
  for (let arrival = 0; arrival < days; arrival++) {
    for (let i = 0; i < perDay; i++) {
      const own = beta(random, population.a, population.b);
      const rate = own + (population.lift ?? 0) * (1 - own);
      const approvedBy = new Float64Array(days);
      const decidedBy = new Float64Array(days);
      const m = uniformInt(random, population.decisions[0], population.decisions[1]);
      for (let j = 0; j < m; j++) {
        const day = uniformInt(random, arrival, days - 1);
        decidedBy[day] = (decidedBy[day] ?? 0) + 1;
        if (random() < rate) approvedBy[day] = (approvedBy[day] ?? 0) + 1;
      }
      for (let day = 1; day < days; day++) {
        approvedBy[day] = (approvedBy[day] ?? 0) + (approvedBy[day - 1] ?? 0);
        decidedBy[day] = (decidedBy[day] ?? 0) + (decidedBy[day - 1] ?? 0);
      }
      people.push({ approvedBy, decidedBy });
    }
  }
  return people;
}

/** The people with a decision by the end of `day`, as the store would count them then. */
export function peopleOnDay(people: readonly DailyPerson[], day: number): PersonObservation[] {
  const seen: PersonObservation[] = [];
  for (const person of people) {
    const m = person.decidedBy[day] ?? 0;
    if (m > 0) seen.push({ x: person.approvedBy[day] ?? 0, m });
  }
  return seen;
}
