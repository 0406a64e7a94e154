import { SQSClient } from '@aws-sdk/client-sqs';
import { environment } from '#config';
import { createBatchSender } from './sqs-batch-sender';
import { captureAwsClient, traced, traceHeaderOf } from './tracer';

let client: SQSClient | undefined;

/**
 * One SQS client per container, traced (a subsegment `SQS` per call). Queue URLs are
 * parameters, never endpoints.
 */
export function sqsClient(): SQSClient {
  client ??= captureAwsClient(new SQSClient({ useQueueUrlAsEndpoint: false, maxAttempts: 3 }));
  return client;
}

let sendBatch: ReturnType<typeof createBatchSender> | undefined;

/** The container's batch sender, signing with the SDK client's region and credentials. */
function batchSender(): ReturnType<typeof createBatchSender> {
  if (!sendBatch) {
    const { config } = sqsClient();
    const env = environment();
    sendBatch = createBatchSender({
      region: config.region,
      credentials: config.credentials,
      sha256: config.sha256,
      endpoint: env.AWS_ENDPOINT_URL_SQS ?? env.AWS_ENDPOINT_URL,
    });
  }
  return sendBatch;
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
  const send = batchSender();
  const sent = await Promise.all(
    chunks.map(async (chunk) => {
      // Traced as the SDK's clients trace a call: a subsegment `SQS` in namespace `aws`.
      const accepted = await traced(
        'SQS',
        'SendMessageBatch',
        (subsegment) => {
          subsegment?.addAttribute('aws', {
            operation: 'SendMessageBatch',
            queue_url: queueUrl,
          });
          return send(
            queueUrl,
            chunk.map((m, i) => ({ Id: String(i), MessageBody: m.body })),
            traceHeaderOf(subsegment),
          );
        },
        'aws',
      );
      return accepted.flatMap((id) => {
        const message = chunk[Number(id)];
        return message ? [message.id] : [];
      });
    }),
  );
  return sent.flat();
}
