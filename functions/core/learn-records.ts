import { type FeedbackMessage, feedbackQueueMessageSchema } from './feedback';

/** The parts of an SQS record `learn` reads. */
export interface QueueRecord {
  messageId: string;
  body: string;
}

/**
 * Splits a batch into the feedback to learn, each with the record that carried it (a record
 * may carry several), and the ids of records that can never be learned.
 */
export function parseFeedbackRecords(records: readonly QueueRecord[]): {
  valid: { messageId: string; message: FeedbackMessage }[];
  malformed: string[];
} {
  const valid: { messageId: string; message: FeedbackMessage }[] = [];
  const malformed: string[] = [];
  for (const record of records) {
    const parsed = feedbackQueueMessageSchema.safeParse(parseJson(record.body));
    if (!parsed.success) {
      malformed.push(record.messageId);
      continue;
    }
    const { tenantId } = parsed.data;
    const ids = 'feedbackIds' in parsed.data ? parsed.data.feedbackIds : [parsed.data.feedbackId];
    for (const feedbackId of ids) {
      valid.push({ messageId: record.messageId, message: { feedbackId, tenantId } });
    }
  }
  return { valid, malformed };
}

/**
 * The batch's feedback in transactions of at most `max` (one record larger than that in
 * one of its own), a record's feedback never split: a batch of 1,000 group messages can
 * carry 100,000 feedback, and one transaction that large would hold the tenant's shared
 * rows for seconds.
 */
export function inTransactions<T extends { messageId: string }>(
  valid: readonly T[],
  max: number,
): T[][] {
  const parts: T[][] = [];
  let current: T[] = [];
  for (let i = 0; i < valid.length; ) {
    let end = i;
    while (end < valid.length && valid[end]?.messageId === valid[i]?.messageId) end += 1;
    if (current.length > 0 && current.length + (end - i) > max) {
      parts.push(current);
      current = [];
    }
    current.push(...valid.slice(i, end));
    i = end;
  }
  if (current.length > 0) parts.push(current);
  return parts;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
