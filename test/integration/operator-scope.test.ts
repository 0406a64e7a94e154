import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../local/api-keys';
import { call } from './support/client';
import { testSqsClient } from './support/sqs';
import { startSystem, type TestSystem } from './support/system';

// The queues are shared by every tenant, so they answer operator keys (no tenant) only; a
// tenant's admin finds its own backlog in GET /v1/learning/status, filtered by tenant.
let system: TestSystem;
let sqs: SQSClient;
let otherAdminKey: string;

beforeAll(async () => {
  system = await startSystem('operator');
  sqs = testSqsClient(system.emulator);
  otherAdminKey = (await createApiKey(system.databaseUrl, 'admin', { tenantId: 'other' })).key;
});
afterAll(async () => {
  sqs?.destroy();
  await system?.stop();
});

type Depth = { visible: number; inFlight: number; unlearnedFeedback?: number };
const queuesWith = (key: string) =>
  call<{ feedbackQueue: Depth; deadLetterQueue: Depth }>(system.url, 'GET', '/v1/admin/queues', {
    key,
  });
const statusWith = (key: string) =>
  call<{ backlog: { unlearnedFeedback: number; oldestUnlearnedAgeSeconds: number | null } }>(
    system.url,
    'GET',
    '/v1/learning/status',
    { key },
  );

/** A stored decision of the default tenant that `learn` has not learned (no message sent). */
async function storeUnlearned(proposalId: string): Promise<void> {
  await system.db.query(
    `INSERT INTO feedback (id, tenant_id, proposal_id, original_filename, proposed_filename,
       action, confidence, model_version, user_id, fingerprint)
     VALUES (gen_random_uuid(), 'default', $1, 'a.jpg', 'b.jpg', 'approved', 0.5, 'v1', 'u', 'f')`,
    [proposalId],
  );
}

describe('the operator scope', () => {
  it("keeps a tenant's admin away from another tenant's dead letter; an operator moves it", async () => {
    const deadLetters = system.emulator.queueUrl('FeedbackDeadLetters');
    const missing = '22222222-2222-4222-8222-222222222222';
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: deadLetters,
        MessageBody: JSON.stringify({ feedbackId: missing, tenantId: 'default' }),
      }),
    );

    const seenByOtherAdmin = await queuesWith(otherAdminKey);
    const movedByOtherAdmin = await call(system.url, 'POST', '/v1/admin/dlq/redrive', {
      key: otherAdminKey,
    });
    const movedByOwnAdmin = await call(system.url, 'POST', '/v1/admin/dlq/redrive', {
      key: system.adminKey,
    });
    expect([seenByOtherAdmin.status, movedByOtherAdmin.status, movedByOwnAdmin.status]).toEqual([
      403, 403, 403,
    ]);
    expect(movedByOtherAdmin.body.detail).toMatch(/shared by every tenant/);

    const seenByOperator = await queuesWith(system.operatorKey);
    expect(seenByOperator.status).toBe(200);
    expect(seenByOperator.body.deadLetterQueue.visible).toBe(1);
    const moved = await call(system.url, 'POST', '/v1/admin/dlq/redrive', {
      key: system.operatorKey,
    });
    expect(moved).toMatchObject({ status: 202, body: { moved: 1, remaining: 0 } });
  });

  it('refuses an operator key on tenant routes, saying it has no tenant', async () => {
    for (const [method, path] of [
      ['GET', '/v1/metrics'],
      ['GET', '/v1/learning/status'],
      ['GET', '/v1/training-data'],
    ] as const) {
      const answer = await call(system.url, method, path, { key: system.operatorKey });
      expect(answer.status, path).toBe(403);
      expect(answer.body.detail, path).toMatch(/operator key has no tenant/);
    }
  });

  it("gives a tenant's admin its own learning backlog, and the operator everyone's", async () => {
    await system.emulator.drain();
    const before = (await queuesWith(system.operatorKey)).body.feedbackQueue.unlearnedFeedback;
    await storeUnlearned('backlog-1');
    await storeUnlearned('backlog-2');

    const own = await statusWith(system.adminKey);
    const other = await statusWith(otherAdminKey);
    const all = await queuesWith(system.operatorKey);

    expect(own.status).toBe(200);
    expect(own.body.backlog.unlearnedFeedback).toBe(2);
    expect(own.body.backlog.oldestUnlearnedAgeSeconds).toBeGreaterThanOrEqual(0);
    expect(other.body.backlog).toEqual({ unlearnedFeedback: 0, oldestUnlearnedAgeSeconds: null });
    expect(all.body.feedbackQueue.unlearnedFeedback).toBe((before ?? 0) + 2);
  });
});
