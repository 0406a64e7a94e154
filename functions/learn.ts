import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { learnBatch } from '#adapters/learning-store';
import { logger } from '#adapters/logger';
import { publishJobsAfterCommit } from '#adapters/retraining-store';
import {
  countMetric,
  flushingMetrics,
  METRIC,
  recordMilliseconds,
} from '#adapters/service-metrics';
import { tracingInvocations } from '#adapters/tracer';
import { required } from '#config';
import { type FeedbackMessage, MAX_FEEDBACK_PER_TRANSACTION } from '#core/feedback';
import { learnLagOf } from '#core/learn-lag';
import { inTransactions, parseFeedbackRecords } from '#core/learn-records';

const retrainQueueUrl = required('RETRAIN_QUEUE_URL');

/**
 * Learns a batch in one transaction per 2,000 feedback (a hot hourly rollup row is locked
 * once per transaction, not once per message, which is why this is not Powertools'
 * record-by-record BatchProcessor). Malformed and unknown messages are reported as failures, so they are
 * retried and then dead-lettered; if the transaction fails, the whole batch is retried.
 * Cached reads need no invalidation from here: the transaction changes the version their
 * keys are read with (adapters/learners/learned-state-version.ts). Its metrics (batch size,
 * feedback learned, the lag from received to learned) are one EMF line per invocation;
 * its trace, one subsegment per statement and transaction (adapters/tracer.ts).
 */
export const handler = tracingInvocations(flushingMetrics(learn));

async function learn(event: SQSEvent): Promise<SQSBatchResponse> {
  const { valid, malformed } = parseFeedbackRecords(event.Records);
  const outcome = {
    learned: [] as FeedbackMessage[],
    alreadyLearned: 0,
    unknown: new Set<string>(),
    receivedAt: [] as Date[],
  };
  countMetric(METRIC.learnBatchSize, event.Records.length);
  for (const part of inTransactions(valid, MAX_FEEDBACK_PER_TRANSACTION)) {
    const learned = await learnBatch(part.map((v) => v.message));
    outcome.learned.push(...learned.learned);
    outcome.alreadyLearned += learned.alreadyLearned.length;
    for (const m of learned.unknown) outcome.unknown.add(m.feedbackId);
    outcome.receivedAt.push(...learned.receivedAt);
  }
  recordLearning(outcome.learned.length, outcome.receivedAt);
  // A record fails when any feedback it carries is unknown: it is retried, then dead-lettered
  // (what it carried that was learned is a duplicate the next time, and skipped).
  const failed = new Set(malformed);
  for (const v of valid) if (outcome.unknown.has(v.message.feedbackId)) failed.add(v.messageId);
  const failures = [...failed];
  if (failures.length > 0) {
    logger.warn('Messages that cannot be learned', { messageIds: failures });
  }
  // Training jobs the batch created (and any a crash left unpublished) go to the trainer.
  await publishJobsAfterCommit(
    retrainQueueUrl,
    outcome.learned.map((m) => m.tenantId),
  );
  logger.info('Batch learned', {
    learned: outcome.learned.length,
    alreadyLearned: outcome.alreadyLearned,
    failed: failures.length,
  });
  return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
}

function recordLearning(learned: number, receivedAt: readonly Date[]): void {
  countMetric(METRIC.feedbackLearned, learned);
  const lag = learnLagOf(receivedAt, new Date());
  if (!lag) return;
  recordMilliseconds(METRIC.learnLagMax, lag.maxMs);
  recordMilliseconds(METRIC.learnLagMean, lag.meanMs);
}
