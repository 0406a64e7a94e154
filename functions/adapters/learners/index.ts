import { calibrationBins } from './calibration-bins';
import { experimentOutcomes } from './experiment-outcomes';
import { hourlyRollups } from './hourly-rollups';
import { learnedStateVersion } from './learned-state-version';
import type { Learner } from './learner';
import { namingPreferences } from './naming-preferences';
import { proposalQuality } from './proposal-quality';
import { retraining } from './retraining';

/**
 * Everything `learn` learns from each batch, in this order, in one transaction. The version
 * of the learned state comes last: it changes with whatever the others wrote.
 */
export const LEARNERS: readonly Learner[] = [
  hourlyRollups,
  proposalQuality,
  calibrationBins,
  retraining,
  namingPreferences,
  experimentOutcomes,
  learnedStateVersion,
];
