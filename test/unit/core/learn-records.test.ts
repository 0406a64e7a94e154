import { describe, expect, it } from 'vitest';
import { MAX_FEEDBACK_IDS_PER_MESSAGE } from '#core/feedback';
import { inTransactions, parseFeedbackRecords } from '#core/learn-records';

const message = { feedbackId: '0b6f1f5e-8c2a-4a53-9d57-2f0e8f1b7c11', tenantId: 'tenant-a' };
const record = { messageId: 'm-1', body: JSON.stringify(message) };

describe('parseFeedbackRecords', () => {
  it('reads a valid message', () => {
    expect(parseFeedbackRecords([record])).toEqual({
      valid: [{ messageId: 'm-1', message }],
      malformed: [],
    });
  });

  it.each([
    ['body that is not JSON', '{"feedbackId":'],
    ['empty body', ''],
    ['JSON that is not an object', '"hello"'],
    ['feedbackId that is not a UUID', JSON.stringify({ ...message, feedbackId: 'abc' })],
    ['missing tenant', JSON.stringify({ feedbackId: message.feedbackId })],
    ['empty tenant', JSON.stringify({ ...message, tenantId: '' })],
  ])('marks a %s as malformed', (_case, body) => {
    expect(parseFeedbackRecords([{ messageId: 'm-bad', body }])).toEqual({
      valid: [],
      malformed: ['m-bad'],
    });
  });

  it('reads a message a newer producer added a field to (rolling deploys)', () => {
    const body = JSON.stringify({ ...message, schemaVersion: 2 });
    expect(parseFeedbackRecords([{ messageId: 'm-1', body }])).toEqual({
      valid: [{ messageId: 'm-1', message }],
      malformed: [],
    });
  });

  it('reads a group message as one feedback per id, each tied to the record', () => {
    const ids = ['0b6f1f5e-8c2a-4a53-9d57-2f0e8f1b7c11', '1c7f2f6e-9d3b-4b64-8e68-3f1f9f2c8d22'];
    const body = JSON.stringify({ feedbackIds: ids, tenantId: 'tenant-a' });
    expect(parseFeedbackRecords([{ messageId: 'm-g', body }])).toEqual({
      valid: ids.map((feedbackId) => ({
        messageId: 'm-g',
        message: { feedbackId, tenantId: 'tenant-a' },
      })),
      malformed: [],
    });
  });

  it.each([
    ['no ids', []],
    ['an id that is not a UUID', [message.feedbackId, 'abc']],
    [
      `more than ${MAX_FEEDBACK_IDS_PER_MESSAGE} ids`,
      Array.from({ length: MAX_FEEDBACK_IDS_PER_MESSAGE + 1 }, () => message.feedbackId),
    ],
  ])('marks a whole group with %s as malformed', (_case, feedbackIds) => {
    const body = JSON.stringify({ feedbackIds, tenantId: 'tenant-a' });
    expect(parseFeedbackRecords([{ messageId: 'm-bad', body }])).toEqual({
      valid: [],
      malformed: ['m-bad'],
    });
  });

  it('separates malformed records from valid ones in a mixed batch, keeping order', () => {
    const result = parseFeedbackRecords([
      record,
      { messageId: 'm-2', body: 'oops' },
      { ...record, messageId: 'm-3' },
      { messageId: 'm-4', body: '{}' },
    ]);
    expect(result.valid.map((v) => v.messageId)).toEqual(['m-1', 'm-3']);
    expect(result.malformed).toEqual(['m-2', 'm-4']);
  });
});

describe('inTransactions', () => {
  const records = (sizes: number[]) =>
    sizes.flatMap((size, r) => Array.from({ length: size }, (_, i) => ({ messageId: `m${r}`, i })));
  const shape = (parts: { messageId: string }[][]) =>
    parts.map((part) => `${[...new Set(part.map((p) => p.messageId))].join(',')}:${part.length}`);

  it('fills transactions up to the limit without splitting a record', () => {
    expect(shape(inTransactions(records([100, 100, 50, 100]), 200))).toEqual([
      'm0,m1:200',
      'm2,m3:150',
    ]);
  });

  it('gives a record larger than the limit a transaction of its own', () => {
    expect(shape(inTransactions(records([1, 300, 1]), 200))).toEqual(['m0:1', 'm1:300', 'm2:1']);
  });

  it('keeps every feedback exactly once, in order', () => {
    const all = records([3, 70, 100, 1, 99, 100, 5]);
    expect(inTransactions(all, 100).flat()).toEqual(all);
    expect(inTransactions([], 100)).toEqual([]);
  });
});
