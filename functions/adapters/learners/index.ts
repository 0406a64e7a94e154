import { calibrationBins } from './calibration-bins';
import { experimentOutcomes } from './experiment-outcomes';
import { hourlyRollups } from './hourly-rollups';
import type { Learner } from './learner';
import { namingPreferences } from './naming-preferences';
import { proposalQuality } from './proposal-quality';
import { retraining } from './retraining';

/** Everything `learn` learns from each batch, in this order, in one transaction. */
export const LEARNERS: readonly Learner[] = [
  hourlyRollups,
  proposalQuality,
  calibrationBins,
  retraining,
  namingPreferences,
  experimentOutcomes,
];
