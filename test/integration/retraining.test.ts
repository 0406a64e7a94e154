import { randomUUID } from 'node:crypto';
import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../local/api-keys';
import { call, feedback } from './support/client';
import { testSqsClient } from './support/sqs';
import { startSystem, type TestSystem } from './support/system';

/** Small windows, so a handful of batches cross the threshold and show a drift. */
const LEARNING_ENVIRONMENT = {
  RETRAIN_FEEDBACK_THRESHOLD: '50',
  DRIFT_REFERENCE_SIZE: '100',
  DRIFT_RECENT_WINDOW: '50',
  DRIFT_CHECK_EVERY: '10',
  DRIFT_ALPHA: '0.001',
};

let system: TestSystem;
let sqs: SQSClient;

beforeAll(async () => {
  system = await startSystem('retraining', {
    environment: {
      ...LEARNING_ENVIRONMENT,
      RATE_LIMIT_USER_PER_MINUTE: '10000',
      RATE_LIMIT_METRICS_PER_MINUTE: '10000',
      RATE_LIMIT_ADMIN_PER_MINUTE: '10000',
    },
  });
  sqs = testSqsClient(system.emulator);
});
afterAll(async () => {
  sqs?.destroy();
  await system?.stop();
});

interface Job {
  id: string;
  modelVersion: string;
  reason: 'threshold' | 'drift' | 'manual';
  status: string;
  createdAt: string;
  completedAt: string | null;
  newModelVersion: string | null;
}
interface ModelVersionStatus {
  modelVersion: string;
  parentModelVersion: string | null;
  feedbackSinceLastJob: number;
  drift: { active: boolean; zScore: number | null; referenceCount: number; recentCount: number };
  jobs: Job[];
}

async function status(key = system.adminKey): Promise<Map<string, ModelVersionStatus>> {
  const answer = await call<{ modelVersions: ModelVersionStatus[] }>(
    system.url,
    'GET',
    '/v1/learning/status',
    { key },
  );
  expect(answer.status).toBe(200);
  return new Map(answer.body.modelVersions.map((v) => [v.modelVersion, v]));
}

async function versionStatus(modelVersion: string): Promise<ModelVersionStatus> {
  const found = (await status()).get(modelVersion);
  if (!found) throw new Error(`No status for ${modelVersion}`);
  return found;
}

/** Submits feedback: `approved(i)` decides the i-th item's action. */
async function submit(
  modelVersion: string,
  count: number,
  approved: (i: number) => boolean,
): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < count; start += 500) {
    const items = Array.from({ length: Math.min(500, count - start) }, (_, k) =>
      feedback({ modelVersion, action: approved(start + k) ? 'approved' : 'rejected' }),
    );
    const answer = await call<{ accepted: number; results: { id: string }[] }>(
      system.url,
      'POST',
      '/v1/feedback/batch',
      { key: system.userKey, body: { items } },
    );
    expect(answer.status).toBe(202);
    expect(answer.body.accepted).toBe(items.length);
    ids.push(...answer.body.results.map((r) => r.id));
  }
  return ids;
}

/** Takes every message now on the retrain queue (and deletes them): the job ids. */
async function takeRetrainMessages(): Promise<{ jobId: string; reason: string }[]> {
  const queueUrl = system.emulator.queueUrl('RetrainQueue');
  const taken: { jobId: string; reason: string }[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }),
    );
    if (Messages.length === 0) return taken;
    for (const message of Messages) taken.push(JSON.parse(message.Body ?? '{}'));
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
      }),
    );
  }
}

describe('retraining on the feedback threshold', () => {
  it('creates exactly one job per 50 feedback under concurrent batches and redelivery', async () => {
    await takeRetrainMessages();
    // Five requests at once, learned in concurrent batches.
    const ids = (
      await Promise.all(Array.from({ length: 5 }, () => submit('thr', 100, () => true)))
    ).flat();
    await system.emulator.drain();
    // Every message again, twice: learning is exactly once, so no job is created twice.
    const feedbackQueue = system.emulator.queueUrl('FeedbackQueue');
    for (let round = 0; round < 2; round += 1) {
      for (let i = 0; i < ids.length; i += 10) {
        await sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: feedbackQueue,
            Entries: ids.slice(i, i + 10).map((feedbackId, k) => ({
              Id: String(k),
              MessageBody: JSON.stringify({ feedbackId, tenantId: 'default' }),
            })),
          }),
        );
      }
    }
    await system.emulator.drain(30_000);

    const thr = await versionStatus('thr');
    expect(thr.feedbackSinceLastJob).toBe(0);
    expect(thr.jobs.map((j) => j.reason)).toEqual(Array(10).fill('threshold'));
    expect(thr.jobs.every((j) => j.status === 'queued')).toBe(true);
    expect(thr.drift.active).toBe(false);

    const published = await takeRetrainMessages();
    const jobIds = new Set(thr.jobs.map((j) => j.id));
    expect(
      published
        .filter((m) => jobIds.has(m.jobId))
        .map((m) => m.jobId)
        .sort(),
    ).toEqual([...jobIds].sort());
    const unpublished = await system.db.query(
      'SELECT count(*)::int AS n FROM training_jobs WHERE published_at IS NULL',
    );
    expect(unpublished.rows[0].n).toBe(0);
  });

  it('creates exactly one job per threshold when 91 overlapping batches are learned at once', async () => {
    // learnBatch called directly, 20 transactions at a time, against this suite's database.
    const overrides: Record<string, string> = {
      ...LEARNING_ENVIRONMENT,
      DATABASE_URL: system.databaseUrl,
      DATABASE_POOL_MAX: '20',
    };
    const saved = Object.fromEntries(Object.keys(overrides).map((k) => [k, process.env[k]]));
    Object.assign(process.env, overrides);
    const { learnBatch } = await import('#adapters/learning-store');
    const { getPool } = await import('#adapters/postgres');
    try {
      const ids = Array.from({ length: 300 }, () => randomUUID());
      await system.db.query(
        `INSERT INTO feedback (id, tenant_id, proposal_id, original_filename, proposed_filename,
           action, confidence, model_version, user_id, fingerprint)
         SELECT id, 'default', 'direct-' || id, 'a.jpg', 'b.jpg', 'approved', 0.9,
           'concurrent', 'u', 'f' FROM unnest($1::uuid[]) AS id`,
        [ids],
      );
      const messages = ids.map((feedbackId) => ({ feedbackId, tenantId: 'default' }));
      const batches: (typeof messages)[] = [];
      for (let i = 0; i < messages.length; i += 10) batches.push(messages.slice(i, i + 10));
      // Each feedback twice, in batches that overlap differently: a redelivery racing the first.
      for (let i = 5; i < messages.length; i += 10) batches.push(messages.slice(i, i + 10));
      batches.push(messages.slice(0, 5), ...batches.slice(0, 30));
      // At most as many transactions as the pool has connections: more would wait for a
      // connection, and on a loaded machine that wait passes the pool's 3 s connect timeout
      // (a 503 in the service, a retried batch in learn), which is not what this tests.
      const outcomes: Awaited<ReturnType<typeof learnBatch>>[] = [];
      let next = 0;
      const worker = async () => {
        while (next < batches.length) {
          const batch = batches[next++];
          if (batch) outcomes.push(await learnBatch(batch));
        }
      };
      await Promise.all(Array.from({ length: 20 }, worker));
      expect(batches.length).toBe(91);
      expect(outcomes.reduce((n, o) => n + o.learned.length, 0)).toBe(300);
    } finally {
      await (await getPool()).end();
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
    const concurrent = await versionStatus('concurrent');
    expect(concurrent.feedbackSinceLastJob).toBe(0);
    expect(concurrent.jobs.map((j) => j.reason)).toEqual(Array(6).fill('threshold'));
  });
});

describe('drift', () => {
  // The reference: 100 feedback at 80% approved; a drop: 20% approved.
  const eightyPercent = (i: number) => i % 5 !== 0;
  const twentyPercent = (i: number) => i % 5 === 0;
  const driftJobs = (s: ModelVersionStatus) => s.jobs.filter((j) => j.reason === 'drift');

  it('raises no alarm on a stable stream', async () => {
    await submit('stable', 400, eightyPercent);
    await system.emulator.drain();
    const stable = await versionStatus('stable');
    expect(driftJobs(stable)).toEqual([]);
    expect(stable.drift).toMatchObject({ active: false, referenceCount: 100, recentCount: 50 });
    expect(Math.abs(stable.drift.zScore ?? Number.NaN)).toBeLessThan(3.09);
  });

  it('creates one drift job per episode: at a drop, not again while low, again after recovery', async () => {
    await submit('drifting', 100, eightyPercent);
    await system.emulator.drain();
    await submit('drifting', 50, twentyPercent);
    await system.emulator.drain();
    let drifting = await versionStatus('drifting');
    expect(drifting.drift.active).toBe(true);
    expect(drifting.drift.zScore).toBeGreaterThan(3.09);
    expect(driftJobs(drifting)).toHaveLength(1);

    await submit('drifting', 50, twentyPercent);
    await system.emulator.drain();
    drifting = await versionStatus('drifting');
    expect(drifting.drift.active).toBe(true);
    expect(driftJobs(drifting)).toHaveLength(1);

    await submit('drifting', 50, () => true);
    await system.emulator.drain();
    drifting = await versionStatus('drifting');
    expect(drifting.drift.active).toBe(false);
    expect(driftJobs(drifting)).toHaveLength(1);

    await submit('drifting', 50, twentyPercent);
    await system.emulator.drain();
    drifting = await versionStatus('drifting');
    expect(drifting.drift.active).toBe(true);
    expect(driftJobs(drifting)).toHaveLength(2);
  });
});

describe('forced jobs, completion and lineage', () => {
  it('forces a job, completes it once and links the new version to its parent', async () => {
    await submit('base', 5, () => true);
    await system.emulator.drain();
    await takeRetrainMessages();
    const forced = await call<Job>(system.url, 'POST', '/v1/learning/retrain', {
      key: system.adminKey,
      body: { modelVersion: 'base' },
    });
    expect(forced.status).toBe(202);
    expect(forced.body).toMatchObject({ modelVersion: 'base', reason: 'manual', status: 'queued' });
    expect((await versionStatus('base')).feedbackSinceLastJob).toBe(0);
    expect(await takeRetrainMessages()).toEqual([
      expect.objectContaining({ jobId: forced.body.id, reason: 'manual' }),
    ]);

    const path = `/v1/learning/jobs/${forced.body.id}/complete`;
    const result = { newModelVersion: 'base-2', evaluation: { accuracy: 0.91, dataset: 'june' } };
    const completed = await call<Job>(system.url, 'POST', path, {
      key: system.adminKey,
      body: result,
    });
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({
      status: 'completed',
      newModelVersion: 'base-2',
      evaluation: result.evaluation,
      completedAt: expect.any(String),
    });
    const again = await call(system.url, 'POST', path, { key: system.adminKey, body: result });
    expect(again).toMatchObject({ status: 200, body: completed.body });
    const different = await call(system.url, 'POST', path, {
      key: system.adminKey,
      body: { ...result, evaluation: { accuracy: 0.5 } },
    });
    expect(different.status).toBe(409);

    const all = await status();
    expect(all.get('base-2')).toMatchObject({
      parentModelVersion: 'base',
      feedbackSinceLastJob: 0,
      jobs: [],
    });
    expect(all.get('base')?.jobs[0]).toMatchObject({ id: forced.body.id, status: 'completed' });
  });

  it('refuses a version already produced, its own version, and unknown jobs or versions', async () => {
    const second = await call<Job>(system.url, 'POST', '/v1/learning/retrain', {
      key: system.adminKey,
      body: { modelVersion: 'base' },
    });
    const complete = (id: string, newModelVersion: string) =>
      call(system.url, 'POST', `/v1/learning/jobs/${id}/complete`, {
        key: system.adminKey,
        body: { newModelVersion, evaluation: {} },
      });
    expect((await complete(second.body.id, 'base-2')).status).toBe(409);
    expect((await complete(second.body.id, 'base')).status).toBe(409);
    expect((await complete(randomUUID(), 'base-3')).status).toBe(404);
    expect((await complete('not-a-uuid', 'base-3')).status).toBe(404);
    const unknown = await call(system.url, 'POST', '/v1/learning/retrain', {
      key: system.adminKey,
      body: { modelVersion: 'never-seen' },
    });
    expect(unknown.status).toBe(404);
    const invalid = await call(system.url, 'POST', `/v1/learning/jobs/${second.body.id}/complete`, {
      key: system.adminKey,
      body: {
        newModelVersion: 'base-3',
        evaluation: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`m${i}`, i])),
      },
    });
    expect(invalid.status).toBe(422);
    expect((await complete(second.body.id, 'base-3')).status).toBe(200);
  });

  it('keeps each tenant to its own jobs and status', async () => {
    const otherAdmin = (await createApiKey(system.databaseUrl, 'admin', { tenantId: 'tenant-b' }))
      .key;
    expect((await status(otherAdmin)).size).toBe(0);
    const job = (await versionStatus('base')).jobs[0];
    const answer = await call(system.url, 'POST', `/v1/learning/jobs/${job?.id}/complete`, {
      key: otherAdmin,
      body: { newModelVersion: 'stolen', evaluation: {} },
    });
    expect(answer.status).toBe(404);
    const retrain = await call(system.url, 'POST', '/v1/learning/retrain', {
      key: otherAdmin,
      body: { modelVersion: 'base' },
    });
    expect(retrain.status).toBe(404);
  });
});

describe('publishing', () => {
  it('sends the jobs committed but never published when the sweeper runs', async () => {
    await takeRetrainMessages();
    // The jobs learnBatch created when called directly (nothing published them then) went
    // out with the tenant's next learned batch.
    const concurrent = await system.db.query(
      `SELECT count(*)::int AS n FROM training_jobs
        WHERE model_version = 'concurrent' AND published_at IS NULL`,
    );
    expect(concurrent.rows[0].n).toBe(0);
    // A job as a crash between commit and publish leaves it, older than the sweeper's
    // minimum age (younger ones are left to the writer).
    const { rows } = await system.db.query<{ id: string }>(
      `INSERT INTO training_jobs (tenant_id, model_version, reason, created_at)
       VALUES ('default', 'base', 'threshold', now() - interval '1 hour') RETURNING id`,
    );
    const swept = (await system.emulator.invoke('OutboxSweeper', {})) as { jobsSent: number };
    expect(swept.jobsSent).toBe(1);
    expect((await takeRetrainMessages()).map((m) => m.jobId)).toEqual([rows[0]?.id]);
    const after = await system.db.query(
      'SELECT count(*)::int AS n FROM training_jobs WHERE published_at IS NULL',
    );
    expect(after.rows[0].n).toBe(0);
    expect(
      ((await system.emulator.invoke('OutboxSweeper', {})) as { jobsSent: number }).jobsSent,
    ).toBe(0);
  });
});
