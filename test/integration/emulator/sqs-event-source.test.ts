import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import {
  type FixtureEmulator,
  linesOf,
  useFixtureEmulators,
  waitForLine,
} from './fixture-emulator';

const emulators = useFixtureEmulators();
let system: FixtureEmulator;

type Behaviour = 'ok' | 'fail' | 'malformed-once' | 'slow' | 'show';
const work = (key: string, behaviour: Behaviour = 'ok') => JSON.stringify({ key, behaviour });

/** Sent in one request, so that one receive takes them all: one batch. */
async function sendBatch(items: [string, Behaviour][]): Promise<void> {
  await system.sqs.send(
    new SendMessageBatchCommand({
      QueueUrl: system.emulator.queueUrl('WorkQueue'),
      Entries: items.map(([key, behaviour], i) => ({
        Id: String(i),
        MessageBody: work(key, behaviour),
      })),
    }),
  );
}

const receives = (key: string, verb = 'processed|failed') =>
  linesOf(system.logs, 'Consumer', new RegExp(`^.*\\t(${verb}) key=${key} `)).map((line) =>
    Number(/receive=(\d+)/.exec(line)?.[1]),
  );

async function depth(prefix: string): Promise<Record<string, string>> {
  const answer = await system.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: system.emulator.queueUrl(prefix),
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return answer.Attributes ?? {};
}

describe('the SQS event source mapping', () => {
  // AWS: Handling errors for an SQS event source in Lambda, https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
  // AWS: Using dead-letter queues in Amazon SQS, https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html
  it('deletes the good messages of a batch once and dead-letters the failing one after 5 receives', async () => {
    system = await emulators.start({ visibilityTimeoutSeconds: 1 });
    await sendBatch([
      ['a', 'ok'],
      ['b', 'ok'],
      ['poison', 'fail'],
      ['c', 'ok'],
    ]);
    await system.emulator.drain(20_000);

    expect(linesOf(system.logs, 'Consumer', /batch keys=a,b,poison,c$/)).toHaveLength(1);
    for (const key of ['a', 'b', 'c']) expect(receives(key)).toEqual([1]);
    expect(receives('poison', 'failed')).toEqual([1, 2, 3, 4, 5]);
    expect(await depth('WorkQueue')).toEqual({
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '0',
    });
    const dead = await system.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: system.emulator.queueUrl('WorkDeadLetters'),
        MaxNumberOfMessages: 10,
      }),
    );
    expect(dead.Messages?.map((m) => m.Body)).toEqual([work('poison', 'fail')]);
  });

  // AWS: Handling errors for an SQS event source in Lambda, https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
  it('fails the whole batch when the batchItemFailures response is malformed', async () => {
    system = await emulators.start({ visibilityTimeoutSeconds: 1 });
    await sendBatch([
      ['fine', 'ok'],
      ['odd', 'malformed-once'],
    ]);
    await system.emulator.drain(20_000);

    expect(linesOf(system.logs, 'Consumer', /batch keys=/)[0]).toMatch(/batch keys=fine,odd$/);
    // The good record of the malformed batch came back too, and succeeded the second time.
    expect(receives('fine')).toEqual([1, 2]);
    expect(receives('odd')).toEqual([1, 2]);
    expect(system.logs.some((line) => /whole batch of 2 failed: itemIdentifier/.test(line))).toBe(
      true,
    );
    expect(await depth('WorkDeadLetters')).toMatchObject({ ApproximateNumberOfMessages: '0' });
  });

  // AWS: Using Lambda with Amazon SQS, https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html
  it('hands the function records shaped as Lambda builds them', async () => {
    system = await emulators.start();
    const queueUrl = system.emulator.queueUrl('WorkQueue');
    const sent = await system.sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: work('shown', 'show'),
        MessageAttributes: { colour: { DataType: 'String', StringValue: 'blue' } },
      }),
    );
    const line = await waitForLine(system.logs, /\trecord \{/);
    const record = JSON.parse(line.slice(line.indexOf('record ') + 'record '.length));
    const queueId = Object.keys(system.emulator.queues).find((id) => id.startsWith('WorkQueue'));
    expect(record).toEqual({
      messageId: sent.MessageId,
      receiptHandle: expect.any(String),
      body: work('shown', 'show'),
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: expect.stringMatching(/^\d{13}$/),
        SenderId: expect.any(String),
        ApproximateFirstReceiveTimestamp: expect.stringMatching(/^\d{13}$/),
      },
      messageAttributes: {
        colour: {
          stringValue: 'blue',
          stringListValues: [],
          binaryListValues: [],
          dataType: 'String',
        },
      },
      md5OfBody: sent.MD5OfMessageBody,
      md5OfMessageAttributes: sent.MD5OfMessageAttributes,
      eventSource: 'aws:sqs',
      eventSourceARN: system.emulator.queues[queueId ?? '']?.arn,
      awsRegion: 'us-east-1',
    });
  });

  // AWS: Configuring scaling behavior for SQS event source mappings, https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html
  it('picks a message up at once: the pollers do not back off when idle', async () => {
    system = await emulators.start();
    // Idle for a while first, as a poller with back-off would then be sleeping.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const sentAt = Date.now();
    await system.sqs.send(
      new SendMessageCommand({
        QueueUrl: system.emulator.queueUrl('WorkQueue'),
        MessageBody: work('quick'),
      }),
    );
    await waitForLine(system.logs, /processed key=quick /);
    // Milliseconds in practice; the bound leaves room for a loaded CI machine.
    expect(Date.now() - sentAt).toBeLessThan(1000);
  });

  // Emulator: drain() is the emulator's test hook for waiting until queued work is done.
  it('drain() resolves once the queue is empty and no function runs', async () => {
    system = await emulators.start();
    for (let i = 0; i < 3; i += 1) {
      await sendBatch(
        Array.from({ length: 10 }, (_, j): [string, Behaviour] => [
          `n${i * 10 + j}`,
          j === 0 ? 'slow' : 'ok',
        ]),
      );
    }
    await system.emulator.drain();
    for (let n = 0; n < 30; n += 1) expect(receives(`n${n}`)).toEqual([1]);
    expect(await depth('WorkQueue')).toEqual({
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '0',
    });
  });

  // Emulator: drain() is the emulator's test hook for waiting until queued work is done.
  it('drain() rejects after its timeout, saying what is left', async () => {
    system = await emulators.start();
    await sendBatch([['long', 'slow']]);
    await waitForLine(system.logs, /batch keys=long$/);
    await expect(system.emulator.drain(300)).rejects.toThrow(
      /^drain\(\) timed out after 300 ms: WorkQueue[0-9A-F]{8}: 0 visible, 1 in flight, 0 delayed; Consumer: 1 invocations running$/,
    );
    await system.emulator.drain();
  });
});
