import { type FeedbackMessage, feedbackMessageSchema } from './feedback';

/** The parts of an SQS record `learn` reads. */
export interface QueueRecord {
  messageId: string;
  body: string;
}

/** Splits a batch into messages to learn and the ids of records that can never be learned. */
export function parseFeedbackRecords(records: readonly QueueRecord[]): {
  valid: { messageId: string; message: FeedbackMessage }[];
  malformed: string[];
} {
  const valid: { messageId: string; message: FeedbackMessage }[] = [];
  const malformed: string[] = [];
  for (const record of records) {
    const message = feedbackMessageSchema.safeParse(parseJson(record.body));
    if (message.success) valid.push({ messageId: record.messageId, message: message.data });
    else malformed.push(record.messageId);
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
