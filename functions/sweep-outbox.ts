import type { Context } from 'aws-lambda';
import { logger } from '#adapters/logger';
import { resendUnlearned, sweepOutbox } from '#adapters/outbox';
import { publishPendingJobs } from '#adapters/retraining-store';
import { tracingInvocations } from '#adapters/tracer';
import { environment, required } from '#config';
import { FeedbackQueueLimits } from '#core/queue-limits';
import { parseSweepRequest, type ResendUnlearnedResult } from '#core/sweep-request';

const queueUrl = required('FEEDBACK_QUEUE_URL');
const retrainQueueUrl = required('RETRAIN_QUEUE_URL');
const { OUTBOX_SWEEP_MIN_AGE_SECONDS } = environment();
/** A resend stops starting pages this close to the timeout, and says it is not complete. */
const RESEND_STOP_BEFORE_TIMEOUT_MS = 10_000;

/**
 * On a schedule (or `{}`): sends feedback committed but never published, or published and
 * lost, and training jobs committed but never published to the retrain queue. With
 * `{"action":"resend-unlearned"}` (after a queue lost its messages): resends every
 * feedback not learned yet, now.
 */
export const handler = tracingInvocations(sweep);

async function sweep(
  event: unknown,
  context: Context,
): Promise<{ sent: number; jobsSent: number } | ResendUnlearnedResult> {
  const request = parseSweepRequest(event);
  if (request.action === 'resend-unlearned') {
    const result = await resendUnlearned(queueUrl, {
      notSentSince: request.notSentSince,
      pageSize: 1_000,
      hasTimeLeft: () => context.getRemainingTimeInMillis() > RESEND_STOP_BEFORE_TIMEOUT_MS,
    });
    logger.info('Unlearned feedback resent', result);
    return { action: 'resend-unlearned', ...result };
  }
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
