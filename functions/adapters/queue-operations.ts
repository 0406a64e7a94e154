import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
} from '@aws-sdk/client-sqs';
import type { QueueDepth } from '#core/contract/operations-contract';
import { sqsClient } from './sqs';

export async function readQueueDepth(queueUrl: string): Promise<QueueDepth> {
  const { Attributes: a = {} } = await sqsClient().send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: [
        'ApproximateNumberOfMessages',
        'ApproximateNumberOfMessagesNotVisible',
        'ApproximateNumberOfMessagesDelayed',
      ],
    }),
  );
  return {
    visible: Number(a.ApproximateNumberOfMessages ?? 0),
    inFlight: Number(a.ApproximateNumberOfMessagesNotVisible ?? 0),
    delayed: Number(a.ApproximateNumberOfMessagesDelayed ?? 0),
  };
}

/**
 * Moves dead letters back to the source queue, ten at a time, sending before deleting:
 * a crash in between duplicates a message (which `learn` ignores) but never loses one.
 * Stops after `limit` messages or when a receive comes back empty.
 */
export async function redriveMessages(from: string, to: string, limit: number): Promise<number> {
  let moved = 0;
  while (moved < limit) {
    const { Messages = [] } = await sqsClient().send(
      new ReceiveMessageCommand({
        QueueUrl: from,
        MaxNumberOfMessages: Math.min(10, limit - moved),
        WaitTimeSeconds: 0,
        VisibilityTimeout: 60,
        MessageAttributeNames: ['All'],
      }),
    );
    if (Messages.length === 0) break;
    const sent = await sqsClient().send(
      new SendMessageBatchCommand({
        QueueUrl: to,
        Entries: Messages.map((m, i) => ({
          Id: String(i),
          MessageBody: m.Body ?? '',
          MessageAttributes: m.MessageAttributes,
        })),
      }),
    );
    const sentIndexes = (sent.Successful ?? []).map((s) => Number(s.Id));
    if (sentIndexes.length > 0) {
      await sqsClient().send(
        new DeleteMessageBatchCommand({
          QueueUrl: from,
          Entries: sentIndexes.map((i) => ({
            Id: String(i),
            ReceiptHandle: Messages[i]?.ReceiptHandle,
          })),
        }),
      );
    }
    moved += sentIndexes.length;
    if (sentIndexes.length < Messages.length) break;
  }
  return moved;
}
