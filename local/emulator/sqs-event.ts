import type { Message } from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSMessageAttributes, SQSRecord } from 'aws-lambda';
import { REGION } from './aws-identity';
import { isRecord } from './json';

/** The event Lambda's SQS poller hands a function: one record per received message. */
export function buildSqsEvent(messages: Message[], queueArn: string): SQSEvent {
  return { Records: messages.map((message) => toRecord(message, queueArn)) };
}

function toRecord(message: Message, queueArn: string): SQSRecord {
  const system = message.Attributes ?? {};
  const messageAttributes: SQSMessageAttributes = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    messageAttributes[name] = {
      ...(value.StringValue === undefined ? {} : { stringValue: value.StringValue }),
      ...(value.BinaryValue === undefined
        ? {}
        : { binaryValue: Buffer.from(value.BinaryValue).toString('base64') }),
      stringListValues: value.StringListValues ?? [],
      binaryListValues: (value.BinaryListValues ?? []).map((b) =>
        Buffer.from(b).toString('base64'),
      ),
      dataType: value.DataType ?? 'String',
    };
  }
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ...system,
      ApproximateReceiveCount: system.ApproximateReceiveCount ?? '1',
      SentTimestamp: system.SentTimestamp ?? '',
      SenderId: system.SenderId ?? '',
      ApproximateFirstReceiveTimestamp: system.ApproximateFirstReceiveTimestamp ?? '',
    },
    messageAttributes,
    md5OfBody: message.MD5OfBody ?? '',
    ...(message.MD5OfMessageAttributes
      ? { md5OfMessageAttributes: message.MD5OfMessageAttributes }
      : {}),
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: REGION,
  };
}

export type BatchVerdict = { failed: ReadonlySet<string> } | { malformed: string };

/**
 * Reads a ReportBatchItemFailures response as Lambda does. Nothing, an empty object or an
 * empty/null list: every record succeeded. A list of known message ids: those failed.
 * Anything else fails the whole batch: a missing, empty or non-string itemIdentifier, an id
 * not in this batch, a list that is not a list.
 */
export function readBatchResponse(payload: unknown, messageIds: readonly string[]): BatchVerdict {
  if (payload === null || payload === undefined) return { failed: new Set() };
  if (!isRecord(payload))
    return { malformed: `the response ${JSON.stringify(payload)} is not an object` };
  const failures = payload.batchItemFailures;
  if (failures === undefined || failures === null) return { failed: new Set() };
  if (!Array.isArray(failures)) return { malformed: 'batchItemFailures is not a list' };
  const known = new Set(messageIds);
  const failed = new Set<string>();
  for (const failure of failures) {
    const id = isRecord(failure) ? failure.itemIdentifier : undefined;
    if (typeof id !== 'string' || id === '') {
      return { malformed: `itemIdentifier ${JSON.stringify(id)} is not a message id` };
    }
    if (!known.has(id)) return { malformed: `itemIdentifier ${id} is not a message of this batch` };
    failed.add(id);
  }
  return { failed };
}
