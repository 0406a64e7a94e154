import { afterEach, describe, expect, it } from 'vitest';
import { FeedbackApiError, FeedbackClient, type FeedbackClientOptions } from '../src/index';
import { fakeApi, json, problem, type Reply, sleep } from './fake-api';

const clients: FeedbackClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close({ timeoutMs: 0 })));
});

function clientWith(reply: Reply, options: Partial<FeedbackClientOptions> = {}) {
  const api = fakeApi(reply);
  const client = new FeedbackClient({
    baseUrl: 'http://api.test/prefix',
    apiKey: 'rf_user_test',
    fetch: api.fetch,
    ...options,
  });
  clients.push(client);
  return { client, requests: api.requests };
}

const assignments = (userId: string) => ({
  userId,
  assignments: [{ experimentId: 'e1', inExperiment: true, variant: 'b', modelVersion: 'v2' }],
});

describe('reads a renamer needs', () => {
  it('reuses assignments for cacheTtlMs, one request for concurrent asks', async () => {
    const { client, requests } = clientWith(
      (r) => json(200, assignments(r.url.searchParams.get('userId') ?? '')),
      { cacheTtlMs: 50 },
    );

    const [a, b] = await Promise.all([client.assignments('ann'), client.assignments('ann')]);
    await client.assignments('ann');
    await client.assignments('bob');
    expect(a).toEqual(assignments('ann'));
    expect(b).toBe(a);
    expect(requests.map((r) => `${r.url.pathname}?${r.url.searchParams}`)).toEqual([
      '/prefix/v1/assignments?userId=ann',
      '/prefix/v1/assignments?userId=bob',
    ]);

    await sleep(60);
    await client.assignments('ann');
    expect(requests).toHaveLength(3);
  });

  it('forgets a failed read at once, so the next ask tries again', async () => {
    let calls = 0;
    const { client, requests } = clientWith(() =>
      ++calls === 1 ? problem(503, 'down', { 'retry-after': '5' }) : json(200, assignments('ann')),
    );

    const failure = await client.assignments('ann').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(FeedbackApiError);
    expect(failure).toMatchObject({ status: 503, retryAfterMs: 5000 });
    await expect(client.assignments('ann')).resolves.toEqual(assignments('ann'));
    expect(requests).toHaveLength(2);
  });

  it('applies preferences for a person, encoding the id in the path', async () => {
    const { client, requests } = clientWith((r) =>
      json(200, {
        userId: 'ann/b',
        original: JSON.parse(r.body ?? '{}').filename,
        filename: '2024-12-24_kitchen_plan.png',
        changed: true,
        appliedRules: [],
      }),
    );

    const result = await client.applyPreferences('ann/b', 'Kitchen Plan 12-24-2024.png');
    expect(result.filename).toBe('2024-12-24_kitchen_plan.png');
    expect(requests[0]?.method).toBe('POST');
    expect(requests[0]?.url.pathname).toBe('/prefix/v1/users/ann%2Fb/preferences/apply');
    expect(JSON.parse(requests[0]?.body ?? '')).toEqual({
      filename: 'Kitchen Plan 12-24-2024.png',
    });
  });

  it('answers null for the default model while none was promoted', async () => {
    const { client } = clientWith(() => problem(404, 'no default model'));
    await expect(client.defaultModel()).resolves.toBeNull();
  });
});
