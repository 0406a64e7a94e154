import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedbackClient } from '../../../client/src/index';
import { startSystem, type TestSystem } from '../support/system';
import { feedbackItems, idsOf, storedProposalIds } from './support/feedback-items';
import { startLoopbackProxy } from './support/loopback-proxy';

let system: TestSystem;
let proxy: Awaited<ReturnType<typeof startLoopbackProxy>>;

beforeAll(async () => {
  // These cases are about delivery, not quotas: the 429 storm has a suite of its own.
  system = await startSystem('client_delivery', {
    environment: { RATE_LIMIT_USER_PER_MINUTE: '100000' },
  });
  proxy = await startLoopbackProxy(system.url);
});
afterAll(async () => {
  await proxy?.stop();
  await system?.stop();
});

const clientOf = (
  baseUrl: string,
  options: Partial<ConstructorParameters<typeof FeedbackClient>[0]> = {},
) => new FeedbackClient({ baseUrl, apiKey: system.userKey, retryBaseMs: 20, ...options });

describe('the client against the local stack', () => {
  it('stores 10,000 records, sent as fast as they come, each exactly once', async () => {
    const client = clientOf(system.url);
    const items = feedbackItems('tenk', 10_000);
    for (let i = 0; i < items.length; i += 500) {
      for (const item of items.slice(i, i + 500))
        expect(client.record(item)).toEqual({ queued: true });
      // The renamer's own work between decisions: batches go out meanwhile.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await client.flush();

    expect(client.stats()).toMatchObject({
      queued: 0,
      queuedBytes: 0,
      delivered: 10_000,
      duplicates: 0,
      rejected: 0,
      dropped: 0,
      refused: 0,
    });
    const { rows } = await system.db.query<{ rows: string; proposals: string }>(
      `SELECT count(*) AS rows, count(DISTINCT proposal_id) AS proposals
         FROM feedback WHERE proposal_id LIKE 'tenk-%'`,
    );
    expect(rows[0]).toEqual({ rows: '10000', proposals: '10000' });
    expect(await storedProposalIds(system.db, 'tenk')).toEqual(idsOf(items));
    await client.close();
  });

  it('stores nothing twice when answers are lost after the server committed', async () => {
    proxy.setMode('dropFirstAnswer');
    const client = clientOf(proxy.url, { maxBatchSize: 100 });
    const items = feedbackItems('lost', 1000);
    for (const item of items) client.record(item);
    await client.flush();
    proxy.setMode('pass');

    const lost = proxy.exchanges.filter((e) => e.dropped && e.key !== undefined);
    // Every batch's first answer was lost: the server had stored its items each time.
    expect(lost).toHaveLength(10);
    expect(lost.every((e) => e.status === 202)).toBe(true);
    for (const first of lost) {
      const replays = proxy.exchanges.filter((e) => e.key === first.key && !e.dropped);
      // The retry carried the same key and body, and got the first answer back.
      expect(replays.length).toBeGreaterThan(0);
      for (const replay of replays) expect(JSON.parse(replay.body)).toEqual(JSON.parse(first.body));
    }
    expect(client.stats()).toMatchObject({ delivered: 1000, duplicates: 0, dropped: 0 });
    expect(client.stats().retries).toBeGreaterThanOrEqual(10);
    const { rows } = await system.db.query<{ rows: string; proposals: string }>(
      `SELECT count(*) AS rows, count(DISTINCT proposal_id) AS proposals
         FROM feedback WHERE proposal_id LIKE 'lost-%'`,
    );
    expect(rows[0]).toEqual({ rows: '1000', proposals: '1000' });
    await client.close();
  });

  it('answers exactly the undelivered items when closed during an outage', async () => {
    // Retries enough not to give up within the outage: what is not delivered is answered,
    // not dropped (a connection refused fails in microseconds, and backoff starts at 20 ms).
    const client = clientOf(proxy.url, { maxBatchSize: 50, maxRetries: 1000 });
    const before = feedbackItems('outage', 300);
    for (const item of before) client.record(item);
    await client.flush();
    // Nothing is in flight now, so no request can be cut after the server committed it.
    proxy.setMode('down');
    const during = feedbackItems('outage', 200, 300);
    for (const item of during) client.record(item);
    await new Promise((resolve) => setTimeout(resolve, 1000));

    const { undelivered } = await client.close({ timeoutMs: 1000 });
    proxy.setMode('pass');

    expect(undelivered).toEqual(during);
    expect(await storedProposalIds(system.db, 'outage')).toEqual(idsOf(before));
    const stats = client.stats();
    expect(stats).toMatchObject({ delivered: 300, dropped: 0, queued: 0, queuedBytes: 0 });
    expect(stats.retries).toBeGreaterThan(0);
    expect(stats.lastError?.message).toBeTruthy();
    for (const late of feedbackItems('outage', 1, 500)) {
      expect(client.record(late)).toEqual({ queued: false, reason: 'closed' });
    }
  });

  it('runs the example renamer, whose decisions are stored', async () => {
    const repo = path.resolve(import.meta.dirname, '..', '..', '..');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', path.join(repo, 'examples', 'renamer.ts')],
      {
        cwd: repo,
        env: {
          ...process.env,
          RENAME_FEEDBACK_URL: system.url,
          RENAME_FEEDBACK_KEY: system.userKey,
          RENAME_FEEDBACK_USER: 'example-person',
        },
      },
    );

    expect(stdout).toContain('IMG_4032.JPG -> 2024-06-01_img-4032.jpg (approved)');
    expect(stdout).toContain('delivered 5, rejected 0, dropped 0, undelivered 0');
    const { rows } = await system.db.query<{ count: string }>(
      `SELECT count(*) FROM feedback WHERE user_id = 'example-person'`,
    );
    expect(rows[0]?.count).toBe('5');
  });
});
