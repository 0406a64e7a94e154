import { logger } from '#adapters/logger';
import { sweepOutbox } from '#adapters/outbox';
import { publishPendingJobs } from '#adapters/retraining-store';
import { environment, required } from '#config';
import { FeedbackQueueLimits } from '#core/queue-limits';

const queueUrl = required('FEEDBACK_QUEUE_URL');
const retrainQueueUrl = required('RETRAIN_QUEUE_URL');
const { OUTBOX_SWEEP_MIN_AGE_SECONDS } = environment();

/**
 * On a schedule: sends feedback committed but never published, or published and lost, and
 * training jobs committed but never published to the retrain queue.
 */
export async function handler(): Promise<{ sent: number; jobsSent: number }> {
  const sent = await sweepOutbox(queueUrl, {
    minAgeSeconds: OUTBOX_SWEEP_MIN_AGE_SECONDS,
    republishAfterSeconds: FeedbackQueueLimits.republishAfterSeconds,
    maxPublishes: FeedbackQueueLimits.maxPublishes,
    limit: 5_000,
  });
  const jobsSent = await publishPendingJobs(retrainQueueUrl, {
    olderThanSeconds: OUTBOX_SWEEP_MIN_AGE_SECONDS,
    limit: 1_000,
  });
  if (sent > 0 || jobsSent > 0) logger.info('Outbox swept', { sent, jobsSent });
  return { sent, jobsSent };
}
