import { environment } from '#config';
import { advanceRetraining, groupForRetraining, validateRetrainingConfig } from '#core/retraining';
import { insertJobs, lockRetrainStates, saveRetrainState, stateKey } from '../retraining-store';
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
 * publishes the new jobs after the commit.
 */
export const retraining: Learner = {
  name: 'retraining',
  async learn(client, batch) {
    const groups = groupForRetraining(batch);
    if (groups.length === 0) return;
    const states = await lockRetrainStates(client, groups);
    const jobs: { tenantId: string; modelVersion: string; reason: 'threshold' | 'drift' }[] = [];
    for (const group of groups) {
      const state = states.get(stateKey(group.tenantId, group.modelVersion));
      if (!state) throw new Error('A locked retraining state row is missing');
      const next = advanceRetraining(state, group.approvals, config);
      await saveRetrainState(client, group.tenantId, group.modelVersion, next.state);
      for (const reason of next.jobs) {
        jobs.push({ tenantId: group.tenantId, modelVersion: group.modelVersion, reason });
      }
    }
    await insertJobs(client, jobs);
  },
};
