import { hourlyRollups } from './hourly-rollups';
import type { Learner } from './learner';

/** Everything `learn` learns from each batch, in this order, in one transaction. */
export const LEARNERS: readonly Learner[] = [hourlyRollups];
