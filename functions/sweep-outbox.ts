import { logger } from '#adapters/logger';
import { sweepOutbox } from '#adapters/outbox';
import { environment, required } from '#config';
import { FeedbackQueueLimits } from '#core/queue-limits';

const queueUrl = required('FEEDBACK_QUEUE_URL');
const { OUTBOX_SWEEP_MIN_AGE_SECONDS } = environment();

/** On a schedule: sends feedback committed but never published, or published and lost. */
export async function handler(): Promise<{ sent: number }> {
  const sent = await sweepOutbox(queueUrl, {
    minAgeSeconds: OUTBOX_SWEEP_MIN_AGE_SECONDS,
    republishAfterSeconds: FeedbackQueueLimits.republishAfterSeconds,
    maxPublishes: FeedbackQueueLimits.maxPublishes,
    limit: 5_000,
  });
  if (sent > 0) logger.info('Outbox swept', { sent });
  return { sent };
}
