import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { type FixtureEmulator, startTestEmulator } from './fixture-emulator';

let system: FixtureEmulator | undefined;

afterEach(async () => {
  await system?.stop();
  system = undefined;
});

/** The service's own template, synthesized once per run by the integration global setup. */
describe("the service's template", () => {
  // AWS: Create routes for HTTP APIs in API Gateway, https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html
  // AWS: Using dead-letter queues in Amazon SQS, https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html
  it('runs: its routes answer and its queues have the redrive policy it declares', async () => {
    system = await startTestEmulator(inject('assemblyDir'), {
      // Nothing here reaches PostgreSQL or Redis: the request is refused before.
      environment: {
        DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
        REDIS_URL: 'redis://127.0.0.1:1',
      },
    });
    const { emulator, sqs } = system;
    const unauthenticated = await fetch(`${emulator.url}/v1/feedback`, {
      method: 'POST',
      body: '{}',
    });
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers.get('apigw-requestid')).toBeTruthy();
    expect((await fetch(`${emulator.url}/v1/nothing`)).status).toBe(404);

    const queue = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: emulator.queueUrl('FeedbackQueue'),
        AttributeNames: ['All'],
      }),
    );
    const deadLetterArn = Object.values(emulator.queues).find(
      (q) => q.url === emulator.queueUrl('FeedbackDeadLetters'),
    )?.arn;
    expect(JSON.parse(queue.Attributes?.RedrivePolicy ?? '{}')).toEqual({
      deadLetterTargetArn: deadLetterArn,
      maxReceiveCount: 5,
    });
    expect(Number(queue.Attributes?.VisibilityTimeout)).toBeGreaterThan(0);
    await emulator.drain(1000);
  });
});
