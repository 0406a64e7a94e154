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

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
