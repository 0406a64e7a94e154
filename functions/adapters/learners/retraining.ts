import { environment } from '#config';
import { advanceRetraining, groupForRetraining, validateRetrainingConfig } from '#core/retraining';
import {
  lockRetrainStates,
  type RetrainUpdate,
  saveRetrainStates,
  stateKey,
} from '../retraining-store';
import { countMetric, METRIC } from '../service-metrics';
import type { Learner } from './learner';

const env = environment();
const config = validateRetrainingConfig({
  threshold: env.RETRAIN_FEEDBACK_THRESHOLD,
  drift: {
    referenceSize: env.DRIFT_REFERENCE_SIZE,
    recentSize: env.DRIFT_RECENT_WINDOW,
    checkEvery: env.DRIFT_CHECK_EVERY,
    alpha: env.DRIFT_ALPHA,
  },
});

/**
 * Per model version: counts feedback towards the next training job and runs the drift
 * test, creating `threshold` and `drift` jobs. Each state row is locked for the rest of the
 * transaction, so concurrent batches of one model version take turns, and a feedback is
 * counted exactly once because it is counted in the transaction that claims it. `learn`
 * publishes the new jobs after the commit. Two statements: the drift test needs the
 * latest committed state, which only the lock gives.
 */
export const retraining: Learner = {
  name: 'retraining',
  prepare(batch) {
    const groups = groupForRetraining(batch);
    if (groups.length === 0) return {};
    return {
      async writeSharedRows(client) {
        const states = await lockRetrainStates(client, groups);
        const updates = groups.map((group): RetrainUpdate => {
          const state = states.get(stateKey(group.tenantId, group.modelVersion));
          if (!state) throw new Error('A locked retraining state row is missing');
          const next = advanceRetraining(state, group.approvals, config);
          return { ...group, state: next.state, jobs: next.jobs };
        });
        await saveRetrainStates(client, updates);
        // Counted when written: a batch whose transaction then fails is retried and counts
        // its jobs again, a rare overcount that a count after the commit would cost a
        // second channel out of the learners to avoid.
        const jobs = updates.flatMap((u) => u.jobs);
        countMetric(METRIC.trainingJobsCreated, jobs.length);
        countMetric(METRIC.driftDetected, jobs.filter((reason) => reason === 'drift').length);
      },
    };
  },
};
