import { afterEach, describe, expect, it } from 'vitest';
import {
  type DroppedEvent,
  FeedbackClient,
  type FeedbackClientOptions,
  type PressureEvent,
  type RefusedEvent,
  type RejectedEvent,
} from '../src/index';
import {
  allAccepted,
  fakeApi,
  feedback,
  feedbacks,
  gate,
  json,
  problem,
  type Reply,
  sleep,
} from './fake-api';

const clients: FeedbackClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close({ timeoutMs: 0 })));
});

function clientWith(reply: Reply, options: Partial<FeedbackClientOptions> = {}) {
  const api = fakeApi(reply);
  const client = new FeedbackClient({
    baseUrl: 'http://api.test',
    apiKey: 'rf_user_test',
    fetch: api.fetch,
    retryBaseMs: 1,
    retryMaxMs: 5,
    ...options,
  });
  clients.push(client);
  return { client, requests: api.requests };
}

/** Events as they come, by name. */
function collect<T>(
  client: FeedbackClient,
  event: 'dropped' | 'refused' | 'rejected' | 'pressure',
) {
  const seen: T[] = [];
  client.on(event, (payload: unknown) => seen.push(payload as T));
  return seen;
}

describe('FeedbackClient.record', () => {
  it('answers at once and leaves the sending to later', async () => {
    const { client, requests } = clientWith(allAccepted, { flushAt: 100 });

    const answers = feedbacks(150).map((item) => client.record(item));
    expect(answers.every((answer) => answer.queued)).toBe(true);
    expect(requests).toHaveLength(0);

    await client.flush();
    expect(requests).toHaveLength(1);
    expect(requests[0]?.items).toHaveLength(150);
    expect(requests[0]?.url.pathname).toBe('/v1/feedback/batch');
    expect(client.stats()).toMatchObject({ delivered: 150, queued: 0, queuedBytes: 0 });
  });

  it('refuses a feedback that breaks a rule, naming the field, and queues nothing', async () => {
    const { client } = clientWith(allAccepted);
    const rejected = collect<RejectedEvent>(client, 'rejected');

    const answer = client.record(feedback(1, { action: 'modified' }));

    expect(answer).toEqual({
      queued: false,
      reason: 'invalid',
      errors: [
        {
          path: 'userFilename',
          rule: 'requiredWhenModified',
          message: 'is required when action is "modified"',
        },
      ],
      omittedErrors: 0,
    });
    expect(client.stats()).toMatchObject({ queued: 0, rejected: 1 });
    await sleep(0);
    expect(rejected).toMatchObject([{ status: 'invalid', item: { proposalId: 'p-1' } }]);
  });

  it('sends what waits once the oldest has waited flushIntervalMs, below flushAt too', async () => {
    const { client, requests } = clientWith(allAccepted, { flushAt: 100, flushIntervalMs: 50 });
    for (const item of feedbacks(3)) client.record(item);

    await sleep(20);
    expect(requests).toHaveLength(0);
    await sleep(80);
    expect(requests.map((r) => r.items.length)).toEqual([3]);
  });

  it('never holds more than maxQueueBytes of JSON', () => {
    const held = gate();
    const { client } = clientWith(() => held.opened.then(() => json(503, {})), {
      maxQueueBytes: 10_000,
      maxQueueSize: 1000,
    });
    for (const item of feedbacks(500)) client.record(item);

    const stats = client.stats();
    expect(stats.queuedBytes).toBeLessThanOrEqual(10_000);
    expect(stats.queuedBytes).toBeGreaterThan(10_000 - 250);
    expect(stats.dropped).toBe(500 - stats.queued);
    held.open();
  });
});

describe('sending', () => {
  it('resends a failed batch with the same Idempotency-Key and the same bytes', async () => {
    let calls = 0;
    const { client, requests } = clientWith((request) => {
      calls += 1;
      if (calls === 1) throw new TypeError('fetch failed');
      if (calls === 2) return problem(503, 'unavailable');
      if (calls === 3) return problem(409, 'still in progress');
      if (calls === 4) return json(500, { message: 'Internal Server Error' });
      return allAccepted(request);
    });
    for (const item of feedbacks(10)) client.record(item);
    await client.flush();

    expect(requests).toHaveLength(5);
    expect(new Set(requests.map((r) => r.key)).size).toBe(1);
    expect(new Set(requests.map((r) => r.body)).size).toBe(1);
    expect(client.stats()).toMatchObject({ delivered: 10, retries: 4, dropped: 0 });
    expect(client.stats().lastError).toMatchObject({ status: 500 });
  });

  it('gives each batch its own key', async () => {
    const { client, requests } = clientWith(allAccepted, { maxBatchSize: 10 });
    for (const item of feedbacks(30)) client.record(item);
    await client.flush();

    expect(requests.map((r) => r.items.length)).toEqual([10, 10, 10]);
    expect(new Set(requests.map((r) => r.key)).size).toBe(3);
  });

  it('reports rejected and conflicting items without resending them; duplicates are delivered', async () => {
    const { client, requests } = clientWith(() =>
      json(202, {
        accepted: 1,
        duplicates: 1,
        rejected: 2,
        results: [
          { index: 0, status: 'accepted', id: crypto.randomUUID() },
          { index: 1, status: 'duplicate', id: crypto.randomUUID() },
          {
            index: 2,
            status: 'rejected',
            errors: [{ path: 'items[2].variant', rule: 'matchesAssignment', message: 'no' }],
            omittedErrors: 0,
          },
          {
            index: 3,
            status: 'conflict',
            id: crypto.randomUUID(),
            errors: [
              { path: 'items[3].proposalId', rule: 'oneDecisionPerProposal', message: 'no' },
            ],
            omittedErrors: 0,
          },
        ],
      }),
    );
    const rejected = collect<RejectedEvent>(client, 'rejected');
    for (const item of feedbacks(4)) client.record(item);
    await client.flush();
    await sleep(0);

    expect(requests).toHaveLength(1);
    expect(client.stats()).toMatchObject({ delivered: 2, duplicates: 1, rejected: 2, retries: 0 });
    expect(rejected.map((e) => [e.status, (e.item as { proposalId: string }).proposalId])).toEqual([
      ['rejected', 'p-2'],
      ['conflict', 'p-3'],
    ]);
  });

  it('reads a 422 for a batch with no valid item as each item rejected', async () => {
    const { client } = clientWith(() =>
      json(422, {
        type: 'about:blank',
        title: 'Unprocessable Content',
        status: 422,
        detail: 'No item of the batch is valid',
        instance: '/v1/feedback/batch',
        errors: [{ path: 'items[1].variant', rule: 'matchesAssignment', message: 'no' }],
      }),
    );
    const rejected = collect<RejectedEvent>(client, 'rejected');
    for (const item of feedbacks(2)) client.record(item);
    await client.flush();
    await sleep(0);

    expect(client.stats()).toMatchObject({ rejected: 2, delivered: 0, retries: 0 });
    expect(rejected.map((e) => e.errors.length)).toEqual([0, 1]);
  });

  it('drops a batch the API refuses for good, and one that failed maxRetries + 1 times', async () => {
    const refused = clientWith(() => problem(401, 'unknown key'));
    const failing = clientWith(() => problem(503, 'unavailable'), { maxRetries: 3 });
    const dropped = [
      collect<DroppedEvent>(refused.client, 'dropped'),
      collect<DroppedEvent>(failing.client, 'dropped'),
    ];
    for (const client of [refused.client, failing.client]) {
      for (const item of feedbacks(2)) client.record(item);
    }
    await Promise.all([refused.client.flush(), failing.client.flush()]);
    await sleep(0);

    expect(refused.requests).toHaveLength(1);
    expect(dropped[0]?.map((e) => e.reason)).toEqual(['failed', 'failed']);
    expect(dropped[0]?.[0]?.error?.message).toContain('401');
    expect(failing.requests).toHaveLength(4);
    expect(dropped[1]?.map((e) => e.reason)).toEqual(['retriesExhausted', 'retriesExhausted']);
    expect(failing.client.stats()).toMatchObject({ dropped: 2, retries: 3, queued: 0 });
  });

  it('sends nothing before Retry-After has passed, whichever batch asks', async () => {
    let calls = 0;
    const { client, requests } = clientWith(
      (request) =>
        ++calls === 1 ? problem(429, 'slow down', { 'retry-after': '1' }) : allAccepted(request),
      { maxBatchSize: 5, maxInFlightBatches: 2 },
    );
    for (const item of feedbacks(10)) client.record(item);
    await client.flush();

    const refusedAt = requests[0]?.at ?? 0;
    expect(requests.length).toBeGreaterThanOrEqual(3);
    // The second batch was already on its way when the 429 came; everything after waits.
    for (const later of requests.slice(2))
      expect(later.at - refusedAt).toBeGreaterThanOrEqual(1000);
  });

  it('pauses when a RateLimit answer says nothing is left', async () => {
    const { client, requests } = clientWith(
      (request) => allAccepted(request, { ratelimit: '"user";r=0;t=1' }),
      { maxBatchSize: 5 },
    );
    for (const item of feedbacks(10)) client.record(item);
    await client.flush();

    expect(requests).toHaveLength(2);
    expect((requests[1]?.at ?? 0) - (requests[0]?.at ?? 0)).toBeGreaterThanOrEqual(1000);
  });

  it('keeps one batch in flight by default, and as many as configured', async () => {
    const held = gate();
    const one = clientWith((r) => held.opened.then(() => allAccepted(r)), { maxBatchSize: 10 });
    const three = clientWith((r) => held.opened.then(() => allAccepted(r)), {
      maxBatchSize: 10,
      maxInFlightBatches: 3,
    });
    for (const { client } of [one, three]) for (const item of feedbacks(100)) client.record(item);
    await sleep(20);

    expect(one.requests).toHaveLength(1);
    expect(three.requests).toHaveLength(3);
    held.open();
    await Promise.all([one.client.flush(), three.client.flush()]);
    expect(one.client.stats().delivered).toBe(100);
    expect(three.client.stats().delivered).toBe(100);
  });
});

describe('a full queue', () => {
  it('DROP_OLDEST evicts the oldest waiting items, each announced with the item', async () => {
    const held = gate();
    const { client } = clientWith((r) => held.opened.then(() => allAccepted(r)), {
      maxQueueSize: 10,
      maxBatchSize: 4,
      flushAt: 4,
    });
    const dropped = collect<DroppedEvent>(client, 'dropped');
    // The first four leave in a batch and cannot be evicted; then 6 places are left.
    for (const item of feedbacks(4)) client.record(item);
    await sleep(5);
    for (const item of feedbacks(10, 4)) client.record(item);
    await sleep(0);

    expect(dropped.map((e) => e.item.proposalId)).toEqual(['p-4', 'p-5', 'p-6', 'p-7']);
    expect(client.stats()).toMatchObject({ queued: 10, dropped: 4, refused: 0 });
    held.open();
    await client.flush();
    expect(client.stats()).toMatchObject({ delivered: 10, queued: 0 });
  });

  it('REJECT_NEW refuses the new item, announced with the item', async () => {
    const held = gate();
    const { client } = clientWith((r) => held.opened.then(() => allAccepted(r)), {
      maxQueueSize: 5,
      overflow: 'REJECT_NEW',
    });
    const refused = collect<RefusedEvent>(client, 'refused');
    const answers = feedbacks(7).map((item) => client.record(item));
    await sleep(0);

    expect(answers.slice(5)).toEqual([
      { queued: false, reason: 'queueFull' },
      { queued: false, reason: 'queueFull' },
    ]);
    expect(refused.map((e) => [e.item.proposalId, e.reason])).toEqual([
      ['p-5', 'queueFull'],
      ['p-6', 'queueFull'],
    ]);
    expect(client.stats()).toMatchObject({ queued: 5, refused: 2, dropped: 0 });
    held.open();
  });

  it('tells when utilization reaches 80% and when it is back under 50%', async () => {
    const held = gate();
    const { client } = clientWith((r) => held.opened.then(() => allAccepted(r)), {
      maxQueueSize: 10,
      maxBatchSize: 3,
      flushAt: 3,
    });
    const pressure = collect<PressureEvent>(client, 'pressure');
    for (const item of feedbacks(7)) client.record(item);
    await sleep(0);
    expect(pressure).toEqual([]);
    client.record(feedback(7));
    await sleep(0);
    expect(pressure).toEqual([
      { state: 'high', utilization: 0.8, queued: 8, queuedBytes: expect.any(Number) },
    ]);

    held.open();
    await client.flush();
    expect(pressure.map((e) => [e.state, e.utilization])).toEqual([
      ['high', 0.8],
      ['normal', 0.2],
    ]);
  });
});

describe('close', () => {
  it('delivers what it can before its deadline and then refuses new records', async () => {
    const { client } = clientWith(allAccepted, { flushIntervalMs: 60_000 });
    const refused = collect<RefusedEvent>(client, 'refused');
    for (const item of feedbacks(5)) client.record(item);

    expect(await client.close({ timeoutMs: 1000 })).toEqual({ undelivered: [] });
    expect(client.stats().delivered).toBe(5);
    expect(client.record(feedback(9))).toEqual({ queued: false, reason: 'closed' });
    await sleep(0);
    expect(refused).toMatchObject([{ reason: 'closed', item: { proposalId: 'p-9' } }]);
  });

  it('answers every item it could not deliver, in recording order, by its deadline', async () => {
    const { client } = clientWith(() => problem(503, 'down'), {
      maxBatchSize: 3,
      flushAt: 3,
      maxRetries: 1000,
    });
    const items = feedbacks(8);
    for (const item of items) client.record(item);
    await sleep(10);

    const started = performance.now();
    const { undelivered } = await client.close({ timeoutMs: 100 });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(undelivered).toEqual(items);
    expect(client.stats()).toMatchObject({ queued: 0, queuedBytes: 0, delivered: 0, dropped: 0 });
    expect(await client.close()).toEqual({ undelivered });
  });
});

describe('options and stats', () => {
  it('fails on a mistyped or impossible option, naming it', () => {
    const base = { baseUrl: 'http://api.test', apiKey: 'k' };
    expect(() => new FeedbackClient({ ...base, flushAfter: 10 } as FeedbackClientOptions)).toThrow(
      'unknown option "flushAfter"',
    );
    expect(() => new FeedbackClient({ ...base, maxBatchSize: 501 })).toThrow('maxBatchSize');
    expect(() => new FeedbackClient({ ...base, baseUrl: '127.0.0.1:3000' })).toThrow('baseUrl');
    expect(() => new FeedbackClient({ ...base, maxQueueSize: 0 })).toThrow('maxQueueSize');
    expect(() => new FeedbackClient({ ...base, overflow: 'DROP_NEWEST' as 'DROP_OLDEST' })).toThrow(
      'overflow',
    );
  });

  it('answers stats under the names dashboards read', () => {
    const { client } = clientWith(allAccepted);
    expect(Object.keys(client.stats()).sort()).toEqual(
      [
        'queued',
        'queuedBytes',
        'utilization',
        'delivered',
        'duplicates',
        'rejected',
        'dropped',
        'refused',
        'retries',
        'lastError',
      ].sort(),
    );
  });
});
