import { randomUUID } from 'node:crypto';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from './support/client';
import { testSqsClient } from './support/sqs';
import { startSystem, type TestSystem } from './support/system';

let system: TestSystem;
let sqs: SQSClient;

beforeAll(async () => {
  system = await startSystem('resend_unlearned');
  sqs = testSqsClient(system.emulator);
});
afterAll(async () => {
  sqs?.destroy();
  await system?.stop();
});

interface OutboxState {
  /** SQL for the outbox row's times, relative to now. */
  createdAt: string;
  publishedAt: string | null;
  publishCount: number;
}

/** Outbox states, named for the cases; the regular sweep leaves the first three alone. */
const OUTBOX = {
  young: { createdAt: 'now()', publishedAt: null, publishCount: 0 },
  recentlySent: {
    createdAt: "now() - interval '2 minutes'",
    publishedAt: "now() - interval '1 minute'",
    publishCount: 1,
  },
  sentThreeTimes: {
    createdAt: "now() - interval '3 hours'",
    publishedAt: "now() - interval '2 hours'",
    publishCount: 3,
  },
  sentAnHourAgo: {
    createdAt: "now() - interval '1 hour'",
    publishedAt: "now() - interval '1 hour'",
    publishCount: 1,
  },
  sentJustNow: { createdAt: 'now()', publishedAt: 'now()', publishCount: 1 },
} satisfies Record<string, OutboxState>;

/**
 * Feedback committed with its outbox row in a given state, and no message anywhere: what
 * a queue that lost its messages leaves behind.
 */
async function committedButLost(modelVersion: string, state: OutboxState): Promise<string> {
  const id = randomUUID();
  await system.db.query(
    `WITH f AS (
       INSERT INTO feedback (id, tenant_id, proposal_id, original_filename, proposed_filename,
         action, confidence, model_version, user_id, fingerprint)
       VALUES ($1, 'default', $2, 'a.jpg', 'b.jpg', 'approved', 0.5, $3, 'u', 'f')
       RETURNING id)
     INSERT INTO outbox (feedback_id, tenant_id, created_at, published_at, publish_count)
     SELECT id, 'default', ${state.createdAt}, ${state.publishedAt ?? 'NULL'}, $4 FROM f`,
    [id, `resend-${id.slice(0, 8)}`, modelVersion, state.publishCount],
  );
  return id;
}

const resend = (payload: Record<string, unknown> = {}) =>
  system.emulator.invoke('OutboxSweeper', { action: 'resend-unlearned', ...payload }) as Promise<{
    resent: number;
    notSentSince: string;
    complete: boolean;
  }>;

const total = async (modelVersion: string) =>
  (
    await call(system.url, 'GET', `/v1/metrics?modelVersion=${modelVersion}`, {
      key: system.userKey,
    })
  ).body.total;

describe('the sweeper asked to resend unlearned feedback', () => {
  it('resends what the regular sweep leaves alone: young, recently sent, sent 3 times', async () => {
    await committedButLost('resend-all', OUTBOX.young);
    await committedButLost('resend-all', OUTBOX.recentlySent);
    await committedButLost('resend-all', OUTBOX.sentThreeTimes);
    expect(await system.emulator.invoke('OutboxSweeper', {})).toMatchObject({ sent: 0 });

    expect(await resend()).toMatchObject({ resent: 3, complete: true });
    await system.emulator.drain();
    expect(await total('resend-all')).toBe(3);
    const left = await system.db.query('SELECT count(*)::int AS n FROM outbox');
    expect(left.rows[0].n).toBe(0);
  });

  it('continues a run from its notSentSince without sending twice what it sent', async () => {
    const first = await resend();
    expect(first).toMatchObject({ resent: 0, complete: true });
    await committedButLost('resend-continue', OUTBOX.sentAnHourAgo);
    // Sent after the first run began: by that run, or by `submit`.
    await committedButLost('resend-continue', OUTBOX.sentJustNow);
    expect(await resend({ notSentSince: first.notSentSince })).toMatchObject({ resent: 1 });
    await system.emulator.drain();
    expect(await total('resend-continue')).toBe(1);
    // A new run starts from its own instant, so it sends the other one too.
    expect(await resend()).toMatchObject({ resent: 1 });
    await system.emulator.drain();
    expect(await total('resend-continue')).toBe(2);
  });

  it('learns a feedback once when its message survived and was resent too', async () => {
    const id = await committedButLost('resend-twice', OUTBOX.sentAnHourAgo);
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: system.emulator.queueUrl('FeedbackQueue'),
        MessageBody: JSON.stringify({ feedbackId: id, tenantId: 'default' }),
      }),
    );
    expect(await resend()).toMatchObject({ resent: 1 });
    await system.emulator.drain();
    expect(await total('resend-twice')).toBe(1);
  });

  it('refuses a mistyped request instead of running the regular sweep', async () => {
    await expect(
      system.emulator.invoke('OutboxSweeper', { action: 'resend-all' }),
    ).rejects.toMatchObject({ errorType: 'BadRequestError', message: /action/ });
  });
});
