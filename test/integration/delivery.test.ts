import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, feedback } from './support/client';
import { testSqsClient } from './support/sqs';
import { startSystem, type TestSystem } from './support/system';

let system: TestSystem;
let sqs: SQSClient;

beforeAll(async () => {
  system = await startSystem('delivery');
  sqs = testSqsClient(system.emulator);
});
afterAll(async () => {
  sqs?.destroy();
  await system?.stop();
});

const feedbackQueue = () => system.emulator.queueUrl('FeedbackQueue');
const send = (body: string) =>
  sqs.send(new SendMessageCommand({ QueueUrl: feedbackQueue(), MessageBody: body }));
const metrics = async (modelVersion: string) =>
  (
    await call(system.url, 'GET', `/v1/metrics?modelVersion=${modelVersion}`, {
      key: system.userKey,
    })
  ).body;
const queues = async () =>
  (
    await call<{ feedbackQueue: Record<string, number>; deadLetterQueue: Record<string, number> }>(
      system.url,
      'GET',
      '/v1/admin/queues',
      { key: system.operatorKey },
    )
  ).body;

async function submit(modelVersion: string, count: number): Promise<string[]> {
  const items = Array.from({ length: count }, () => feedback({ modelVersion }));
  const answer = await call<{ results: { id: string }[] }>(
    system.url,
    'POST',
    '/v1/feedback/batch',
    {
      key: system.userKey,
      body: { items },
    },
  );
  expect(answer.status).toBe(202);
  return answer.body.results.map((r) => r.id);
}

describe('delivery', () => {
  it('learns the good messages of a batch once and dead-letters the poison ones after 5 receives', async () => {
    await system.emulator.drain();
    const ids = await submit('poison', 6);
    await send('this is not json');
    await send(
      JSON.stringify({ feedbackId: '00000000-0000-4000-8000-000000000000', tenantId: 'default' }),
    );
    await system.emulator.drain(30_000);

    expect(await metrics('poison')).toMatchObject({ total: ids.length });
    const learned = await system.db.query(
      'SELECT count(*)::int AS n FROM feedback WHERE id = ANY($1) AND learned_at IS NOT NULL',
      [ids],
    );
    expect(learned.rows[0].n).toBe(ids.length);
    const depth = await queues();
    expect(depth.deadLetterQueue.visible).toBe(2);
    expect(depth.feedbackQueue).toMatchObject({ visible: 0, inFlight: 0, unlearnedFeedback: 0 });
  });

  it('learns a batch of 250, sent as messages of up to 100 feedback, each feedback once', async () => {
    await system.emulator.drain();
    const ids = await submit('grouped', 250);
    await system.emulator.drain(30_000);
    expect(await metrics('grouped')).toMatchObject({ total: 250 });
    // Learned rows leave the outbox.
    const left = await system.db.query(
      'SELECT count(*)::int AS n FROM outbox WHERE feedback_id = ANY($1)',
      [ids],
    );
    expect(left.rows[0].n).toBe(0);
  });

  it('fails a group message naming one unknown feedback, and learns the rest of it once', async () => {
    const dlqBefore = (await queues()).deadLetterQueue.visible ?? 0;
    const [id] = await submit('group-poison', 1);
    await system.emulator.drain();
    const unknown = '33333333-3333-4333-8333-333333333333';
    await send(JSON.stringify({ feedbackIds: [id, unknown], tenantId: 'default' }));
    await system.emulator.drain(30_000);
    expect(await metrics('group-poison')).toMatchObject({ total: 1 });
    expect((await queues()).deadLetterQueue.visible).toBe(dlqBefore + 1);
  });

  it('learns a redelivered or twice-sent message once', async () => {
    const [id] = await submit('redelivery', 1);
    await system.emulator.drain();
    const message = JSON.stringify({ feedbackId: id, tenantId: 'default' });
    await Promise.all(Array.from({ length: 5 }, () => send(message)));
    await system.emulator.drain();
    expect(await metrics('redelivery')).toMatchObject({ total: 1, approved: 1 });
  });

  it('redrives dead letters once their cause is fixed, and learns them', async () => {
    const before = (await queues()).deadLetterQueue.visible ?? 0;
    const missingId = '11111111-1111-4111-8111-111111111111';
    await send(JSON.stringify({ feedbackId: missingId, tenantId: 'default' }));
    await system.emulator.drain(30_000);
    expect((await queues()).deadLetterQueue.visible).toBe(before + 1);

    // The cause is fixed: the feedback the message names now exists.
    await system.db.query(
      `INSERT INTO feedback (id, tenant_id, proposal_id, original_filename, proposed_filename, action,
         confidence, model_version, user_id, fingerprint)
       VALUES ($1, 'default', 'redrive-1', 'a.jpg', 'b.jpg', 'approved', 0.5, 'redrive', 'u', 'f')`,
      [missingId],
    );
    const redrive = await call(system.url, 'POST', '/v1/admin/dlq/redrive', {
      key: system.operatorKey,
    });
    expect(redrive.status).toBe(202);
    expect(redrive.body.moved).toBe(before + 1);
    await system.emulator.drain(30_000);
    expect(await metrics('redrive')).toMatchObject({ total: 1 });
  });

  it('publishes from the outbox what was committed but never sent', async () => {
    // As if `submit` had crashed between its commit and its publish.
    const id = '22222222-2222-4222-8222-222222222222';
    await system.db.query(
      `WITH f AS (
         INSERT INTO feedback (id, tenant_id, proposal_id, original_filename, proposed_filename, action,
           confidence, model_version, user_id, fingerprint, received_at)
         VALUES ($1, 'default', 'outbox-1', 'a.jpg', 'b.jpg', 'rejected', 0.4, 'outbox', 'u', 'f', now())
         RETURNING id)
       INSERT INTO outbox (feedback_id, tenant_id, created_at) SELECT id, 'default', now() - interval '5 minutes' FROM f`,
      [id],
    );
    await system.emulator.fireSchedules();
    await system.emulator.drain();
    expect(await metrics('outbox')).toMatchObject({ total: 1, rejected: 1 });
    const left = await system.db.query(
      'SELECT count(*)::int AS n FROM outbox WHERE feedback_id = $1',
      [id],
    );
    expect(left.rows[0].n).toBe(0);
  });
});
