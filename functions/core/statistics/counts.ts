import { StatisticsInputError } from './errors';

/** People who did the thing (`successes`) out of people exposed (`trials`) in one variant. */
export interface Proportion {
  successes: number;
  trials: number;
}

/** 'greater': the alternative is treatment > control; 'less': treatment < control. */
export type Alternative = 'two-sided' | 'greater' | 'less';

/** Throws unless both counts are whole, trials >= 1 and 0 <= successes <= trials. */
export function assertProportion(label: string, { successes, trials }: Proportion): void {
  if (!Number.isInteger(successes) || !Number.isInteger(trials)) {
    throw new StatisticsInputError(`${label}: successes and trials must be whole numbers`);
  }
  if (trials < 1 || successes < 0 || successes > trials) {
    throw new StatisticsInputError(
      `${label}: needs trials >= 1 and 0 <= successes <= trials (got ${successes}/${trials})`,
    );
  }
}

/** The one-sided tail of a z statistic, or the two-sided p-value. */
export function pValueOfZ(z: number, alternative: Alternative, twoSided: number): number {
  if (alternative === 'two-sided') return twoSided;
  const half = twoSided / 2;
  const inFavour = alternative === 'greater' ? z > 0 : z < 0;
  return inFavour ? half : 1 - half;
}
