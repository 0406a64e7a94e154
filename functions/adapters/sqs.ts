import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';

let client: SQSClient | undefined;

/** One SQS client per container. Queue URLs are parameters, never endpoints. */
export function sqsClient(): SQSClient {
  client ??= new SQSClient({ useQueueUrlAsEndpoint: false, maxAttempts: 3 });
  return client;
}

export interface OutgoingMessage {
  /** Unique within one call; reported back for the messages that were sent. */
  id: string;
  body: string;
}

const SQS_BATCH_LIMIT = 10;

/** Sends messages in batches of ten, in parallel; returns the ids SQS accepted. */
export async function sendMessages(
  queueUrl: string,
  messages: OutgoingMessage[],
): Promise<string[]> {
  const chunks: OutgoingMessage[][] = [];
  for (let i = 0; i < messages.length; i += SQS_BATCH_LIMIT) {
    chunks.push(messages.slice(i, i + SQS_BATCH_LIMIT));
  }
  const sent = await Promise.all(
    chunks.map(async (chunk) => {
      const result = await sqsClient().send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: chunk.map((m, i) => ({ Id: String(i), MessageBody: m.body })),
        }),
      );
      return (result.Successful ?? []).flatMap((entry) => {
        const message = entry.Id === undefined ? undefined : chunk[Number(entry.Id)];
        return message ? [message.id] : [];
      });
    }),
  );
  return sent.flat();
}
