/**
 * Raised when a statistic is asked of impossible data (more successes than trials, a
 * probability outside [0, 1], weights that do not match the variants). It is a
 * programming error of the caller, not a client error: nothing maps it to HTTP.
 */
export class StatisticsInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StatisticsInputError';
  }
}
