import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerApiKey } from '../../local/api-keys';
import { type ApiAnswer, call, feedback } from './support/client';
import { startSystem, type TestSystem } from './support/system';

// Five a minute for writes and for reads, so that a quota is spent in a few requests;
// admin keeps its default of 200.
const LIMIT = 5;

let system: TestSystem;

beforeAll(async () => {
  system = await startSystem('ratelimit', {
    environment: {
      RATE_LIMIT_USER_PER_MINUTE: `${LIMIT}`,
      RATE_LIMIT_METRICS_PER_MINUTE: `${LIMIT}`,
    },
  });
});
afterAll(async () => {
  await system?.stop();
});

/** A user key of its own for a case, so that no case spends another's quota. */
const newUserKey = () => registerApiKey(system.databaseUrl, 'user');

const submit = (key: string, body: unknown = feedback({ modelVersion: 'rate-limit' })) =>
  call(system.url, 'POST', '/v1/feedback', { key, body });
const readMetrics = (key: string, query = 'modelVersion=rate-limit') =>
  call(system.url, 'GET', `/v1/metrics?${query}`, { key });

/** The RateLimit field, read as a client would: `"<policy>";r=<remaining>;t=<reset>`. */
function rateLimitOf(answer: ApiAnswer) {
  const field = answer.headers.get('ratelimit') ?? '';
  const match = /^"(\w+)";r=(\d+);t=(\d+)$/.exec(field);
  if (!match) throw new Error(`Not a RateLimit field: "${field}" (status ${answer.status})`);
  return { policy: match[1], remaining: Number(match[2]), reset: Number(match[3]) };
}

describe('rate limiting through the HTTP API', () => {
  it("tells a successful answer the class's policy and what is left of it", async () => {
    const answer = await readMetrics(await newUserKey());

    expect(answer.status).toBe(200);
    expect(answer.headers.get('ratelimit-policy')).toBe('"metrics";q=5;w=60');
    // The only request of the key is also the oldest: it leaves the window in 60 s.
    expect(answer.headers.get('ratelimit')).toBe('"metrics";r=4;t=60');
    expect(answer.headers.has('retry-after')).toBe(false);
  });

  it('tells answers refused by the route (4xx) too, since they spent a request', async () => {
    const key = await newUserKey();

    const invalid = await submit(key, feedback({ confidence: 1.5 }));
    const badQuery = await readMetrics(key, 'from=yesterday');

    expect(invalid.status).toBe(422);
    expect(invalid.headers.get('ratelimit-policy')).toBe('"user";q=5;w=60');
    expect(invalid.headers.get('ratelimit')).toBe('"user";r=4;t=60');
    expect(badQuery.status).toBe(422);
    expect(badQuery.headers.get('ratelimit-policy')).toBe('"metrics";q=5;w=60');
    expect(rateLimitOf(badQuery)).toMatchObject({ policy: 'metrics', remaining: 4 });
  });

  it('counts nothing against a request without a valid key', async () => {
    const answer = await call(system.url, 'GET', '/v1/metrics');

    expect(answer.status).toBe(401);
    expect(answer.headers.has('ratelimit')).toBe(false);
  });

  it('answers 429 as a problem with Retry-After once the quota is spent, and stores nothing', async () => {
    const key = await newUserKey();
    const spent: ApiAnswer[] = [];
    for (let i = 0; i < LIMIT; i++) spent.push(await submit(key));
    const body = feedback({ modelVersion: 'rate-limit' });

    const refused = await submit(key, body);

    expect(spent.map((answer) => answer.status)).toEqual([202, 202, 202, 202, 202]);
    expect(spent.map((answer) => rateLimitOf(answer).remaining)).toEqual([4, 3, 2, 1, 0]);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(refused.body).toMatchObject({
      type: 'about:blank',
      title: 'Too Many Requests',
      status: 429,
      instance: '/v1/feedback',
    });
    expect(refused.headers.get('ratelimit-policy')).toBe('"user";q=5;w=60');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Retry-After is when the oldest request leaves the window: the reset of the field.
    expect(rateLimitOf(refused)).toEqual({ policy: 'user', remaining: 0, reset: retryAfter });
    const stored = await system.db.query('SELECT 1 FROM feedback WHERE proposal_id = $1', [
      body.proposalId,
    ]);
    expect(stored.rowCount).toBe(0);
  });

  it("leaves another key's quota, and the same key's other classes, untouched", async () => {
    const key = await newUserKey();
    for (let i = 0; i < LIMIT; i++) await submit(key);
    const refused = await submit(key);

    const other = await submit(await newUserKey());
    const sameKeyReads = await readMetrics(key);

    expect(refused.status).toBe(429);
    expect(other.status).toBe(202);
    expect(rateLimitOf(other)).toMatchObject({ policy: 'user', remaining: 4 });
    expect(sameKeyReads.status).toBe(200);
    expect(rateLimitOf(sameKeyReads)).toMatchObject({ policy: 'metrics', remaining: 4 });
  });

  it('admits exactly the limit of concurrent requests on one key', async () => {
    const key = await newUserKey();

    const answers = await Promise.all(Array.from({ length: 8 }, () => submit(key)));

    const statuses = answers.map((answer) => answer.status).sort((a, b) => a - b);
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429, 429, 429]);
    expect(answers.every((answer) => answer.headers.has('ratelimit'))).toBe(true);
  });

  it('counts a batch once, whatever its size', async () => {
    const key = await newUserKey();
    const batch = () =>
      call(system.url, 'POST', '/v1/feedback/batch', {
        key,
        body: { items: Array.from({ length: 20 }, () => feedback({ modelVersion: 'rate-limit' })) },
      });

    const first = await batch();
    const second = await batch();

    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ accepted: 20 });
    expect(rateLimitOf(first)).toMatchObject({ policy: 'user', remaining: 4 });
    expect(rateLimitOf(second)).toMatchObject({ policy: 'user', remaining: 3 });
  });

  it("does not spend the user key's metrics quota on the admin key's metrics calls", async () => {
    const adminReads: ApiAnswer[] = [];
    for (let i = 0; i <= LIMIT; i++) adminReads.push(await readMetrics(system.adminKey));

    const userRead = await readMetrics(system.userKey);
    const adminRoute = await call(system.url, 'GET', '/v1/learning/status', {
      key: system.adminKey,
    });

    expect(adminReads.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 429]);
    expect(userRead.status).toBe(200);
    expect(userRead.headers.get('ratelimit')).toBe('"metrics";r=4;t=60');
    // Admin routes have their own class, at its default of 200 a minute.
    expect(adminRoute.status).toBe(200);
    expect(adminRoute.headers.get('ratelimit-policy')).toBe('"admin";q=200;w=60');
    expect(rateLimitOf(adminRoute)).toMatchObject({ policy: 'admin', remaining: 199 });
  });

  it('leaves health unlimited', async () => {
    const answers: ApiAnswer[] = [];
    for (let i = 0; i < 3 * LIMIT; i++) answers.push(await call(system.url, 'GET', '/v1/health'));

    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(answers.some((answer) => answer.headers.has('ratelimit'))).toBe(false);
  });
});
