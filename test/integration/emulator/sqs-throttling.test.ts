import { GetQueueAttributesCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesizeThrottleFixture } from '../../fixtures/emulator/throttle-app';
import { type FixtureEmulator, linesOf, startTestEmulator, waitForLine } from './fixture-emulator';

let fixture: Awaited<ReturnType<typeof synthesizeThrottleFixture>>;
let system: FixtureEmulator | undefined;

beforeAll(async () => {
  fixture = await synthesizeThrottleFixture();
});
afterAll(async () => {
  await system?.stop();
  await fixture?.remove();
});

async function count(queue: string): Promise<number> {
  const answer = await system?.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: system.emulator.queueUrl(queue),
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  const attributes = answer?.Attributes ?? {};
  return (
    Number(attributes.ApproximateNumberOfMessages ?? 0) +
    Number(attributes.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
}

/**
 * "Configuring scaling behavior for SQS event source mappings",
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html: maximum concurrency
 * and reserved concurrency are independent; with maximum concurrency above the function's
 * reserved concurrency, Lambda may throttle the messages. "Creating and configuring an Amazon
 * SQS event source mapping", https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html:
 * the visibility timeout (six times the function's timeout) leaves Lambda time to retry a
 * throttled batch; a batch that fails returns to the queue after the visibility timeout, and
 * a message received maxReceiveCount times goes to the dead-letter queue. How often Lambda
 * retries a throttled batch is not documented.
 */
describe('an SQS mapping whose MaximumConcurrency exceeds its function reserved concurrency', () => {
  // AWS: Configuring scaling behavior for SQS event source mappings, https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html
  // AWS: Creating and configuring an Amazon SQS event source mapping, https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
  // AWS: Using dead-letter queues in Amazon SQS, https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html
  it('throttles batches: they come back after the visibility timeout and reach the dead-letter queue', async () => {
    system = await startTestEmulator(fixture.assemblyDir);
    // One instance, two pollers, 1.5 s per message, a 2 s visibility timeout: a message
    // received while the instance is busy with two others in turn waits past its timeout.
    await system.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: system.emulator.queueUrl('SlowQueue'),
        Entries: Array.from({ length: 6 }, (_, i) => ({
          Id: String(i),
          MessageBody: JSON.stringify({ key: `m${i}`, behaviour: 'slow' }),
        })),
      }),
    );
    await waitForLine(system.logs, /SlowQueue -> Consumer\] throttled: 1 messages return/, 15_000);
    await system.emulator.drain(40_000);

    const processed = linesOf(system.logs, 'Consumer', /processed key=/);
    const dead = await count('SlowDeadLetters');
    // Every message is either processed (perhaps on a later receive) or dead-lettered.
    const keys = new Set(processed.map((line) => /key=(\w+)/.exec(line)?.[1]));
    expect(keys.size + dead).toBeGreaterThanOrEqual(6);
    const laterReceives = processed.filter((line) => !/ receive=1 /.test(line));
    // Throttling counted as receives: some message came back (receive > 1) or was dead-lettered.
    expect(laterReceives.length + dead).toBeGreaterThan(0);
    expect(await count('SlowQueue')).toBe(0);
  });
});
