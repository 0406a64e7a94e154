import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { learnBatch } from '#adapters/learning-store';
import { logger } from '#adapters/logger';
import { publishJobsAfterCommit } from '#adapters/retraining-store';
import { required } from '#config';
import { parseFeedbackRecords } from '#core/learn-records';

const retrainQueueUrl = required('RETRAIN_QUEUE_URL');

/**
 * Learns a batch in one transaction (a hot hourly rollup row is locked once per batch,
 * not once per message, which is why this is not Powertools' record-by-record
 * BatchProcessor). Malformed and unknown messages are reported as failures, so they are
 * retried and then dead-lettered; if the transaction fails, the whole batch is retried.
 * Cached reads need no invalidation from here: the transaction changes the version their
 * keys are read with (adapters/learners/learned-state-version.ts).
 */
export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  const { valid, malformed } = parseFeedbackRecords(event.Records);
  const outcome = await learnBatch(valid.map((v) => v.message));
  const unknownIds = new Set(outcome.unknown.map((m) => m.feedbackId));
  const failures = [
    ...malformed,
    ...valid.filter((v) => unknownIds.has(v.message.feedbackId)).map((v) => v.messageId),
  ];
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
    alreadyLearned: outcome.alreadyLearned.length,
    failed: failures.length,
  });
  return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
}
