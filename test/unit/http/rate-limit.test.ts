import middy from '@middy/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { findCaller } from '#adapters/api-keys';
import { createRateLimiter, type RateLimiter } from '#adapters/rate-limiter';
import { mintApiKey, type Principal } from '#core/api-key';
import { ValidationError } from '#core/errors';
import { rateLimitPolicies } from '#core/rate-limit-policy';
import { authenticate } from '#http/authenticate';
import { jsonBody } from '#http/json-body';
import { problemBoundary } from '#http/problem-boundary';
import { type RateLimitContext, rateLimit, rateLimitHeaders } from '#http/rate-limit';
import { securityHeaders } from '#http/security-headers';
import type { ApiEvent, ApiResponse, RouteInput, Routes } from '#http/types';
import { apiEvent, lambdaContext, read } from '../support/api-gateway';

vi.mock('#adapters/api-keys', () => ({ findCaller: vi.fn() }));

const ALICE = mintApiKey('user');
const BOB = mintApiKey('user');
const principals: Record<string, Principal> = {
  [ALICE]: { keyId: 'key-alice', scope: 'user', tenantId: 'tenant-a' },
  [BOB]: { keyId: 'key-bob', scope: 'user', tenantId: 'tenant-b' },
};

// Small limits keep the tests short: 3 writes, 2 reads, 5 admin calls per minute.
const policies = rateLimitPolicies({ user: 3, metrics: 2, admin: 5 });

const handled: RouteInput[] = [];
const accept = async (input: RouteInput) => {
  handled.push(input);
  return { status: 202, body: { ok: true } };
};
const routes: Routes = {
  'POST /v1/feedback': { scope: 'user', maxBodyBytes: 1024, handle: accept },
  'POST /v1/feedback/batch': { scope: 'user', maxBodyBytes: 1024, handle: accept },
  'GET /v1/metrics': { scope: 'user', handle: accept },
  'POST /v1/invalid': {
    scope: 'user',
    handle: async () => {
      throw new ValidationError('The feedback is invalid');
    },
  },
  'GET /v1/health': { scope: 'public', handle: accept },
};

let now: number;
let decisions: number;

/** The in-memory limiter on a clock the test moves, counting what it is asked. */
function countingLimiter(): RateLimiter {
  const limiter = createRateLimiter({ redis: () => undefined, clock: () => now });
  return {
    decide: (bucket, policy) => {
      decisions += 1;
      return limiter.decide(bucket, policy);
    },
  };
}

let handler: (event: ApiEvent) => Promise<ApiResponse>;

beforeEach(() => {
  now = 1_717_236_000_000;
  decisions = 0;
  // The order createApiHandler registers them in: rate limit between authenticate and body.
  const chain = middy<ApiEvent, ApiResponse, Error, RateLimitContext>()
    .use(securityHeaders())
    .use(authenticate(routes))
    .use(rateLimit(routes, { policies, limiter: countingLimiter() }))
    .use(jsonBody(routes))
    .use(problemBoundary())
    .handler(async (event, context) => {
      const route = routes[event.routeKey];
      if (!route) throw new Error(`No route ${event.routeKey}`);
      const result = await route.handle({
        event,
        context,
        principal: context.principal,
        body: context.body,
        query: {},
      });
      return { statusCode: result.status, body: JSON.stringify(result.body) };
    });
  handler = (event) => chain(event, lambdaContext());
  vi.mocked(findCaller).mockImplementation(async (key) => principals[key] ?? null);
});

afterEach(() => {
  handled.length = 0;
  vi.mocked(findCaller).mockReset();
});

async function call(routeKey: string, key?: string, body: unknown = { item: 1 }) {
  const event = apiEvent(routeKey, { body: JSON.stringify(body) });
  const headers = key ? { ...event.headers, authorization: `Bearer ${key}` } : event.headers;
  return read(await handler({ ...event, headers }));
}

describe('rateLimit', () => {
  it('tells every answer of a limited route its policy and what is left', async () => {
    const first = await call('GET /v1/metrics', ALICE);
    const second = await call('GET /v1/metrics', ALICE);

    expect(first.status).toBe(202);
    expect(first.headers).toMatchObject({
      'ratelimit-policy': '"metrics";q=2;w=60',
      ratelimit: '"metrics";r=1;t=60',
    });
    expect(second.headers).toMatchObject({ ratelimit: '"metrics";r=0;t=60' });
    expect(first.headers).not.toHaveProperty('retry-after');
  });

  it('answers 429 as a problem with Retry-After once the quota is spent, without running the route', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await call('POST /v1/feedback', ALICE)).status).toBe(202);
      now += 10_000;
    }

    const refused = await call('POST /v1/feedback', ALICE);

    expect(refused.status).toBe(429);
    // The first of the three, 30 s ago, leaves the minute in 30 s.
    expect(refused.headers).toMatchObject({
      'content-type': 'application/problem+json',
      'retry-after': '30',
      'ratelimit-policy': '"user";q=3;w=60',
      ratelimit: '"user";r=0;t=30',
      'x-content-type-options': 'nosniff',
    });
    expect(refused.body).toMatchObject({
      type: 'about:blank',
      status: 429,
      title: 'Too Many Requests',
      instance: '/v1/feedback',
    });
    expect(handled).toHaveLength(3);
  });

  it('admits a request sent after the Retry-After wait, and not one a second sooner', async () => {
    for (let i = 0; i < 3; i++) {
      await call('POST /v1/feedback', ALICE);
      now += 10_000;
    }
    const refused = await call('POST /v1/feedback', ALICE);
    const waitMs = Number(refused.headers['retry-after']) * 1000;

    now += waitMs - 1000;
    const early = await call('POST /v1/feedback', ALICE);
    now += 1000;
    const retried = await call('POST /v1/feedback', ALICE);

    expect(early.status).toBe(429);
    expect(retried.status).toBe(202);
    // The second and third are still counted; the second leaves in 10 s.
    expect(retried.headers).toMatchObject({ ratelimit: '"user";r=0;t=10' });
    expect(handled).toHaveLength(4);
  });

  it("keeps other keys' quotas, and the same key's other classes, untouched", async () => {
    for (let i = 0; i < 4; i++) await call('POST /v1/feedback', ALICE);

    const bob = await call('POST /v1/feedback', BOB);
    const aliceReads = await call('GET /v1/metrics', ALICE);

    expect(bob.status).toBe(202);
    expect(bob.headers).toMatchObject({ ratelimit: '"user";r=2;t=60' });
    expect(aliceReads.status).toBe(202);
    expect(aliceReads.headers).toMatchObject({ ratelimit: '"metrics";r=1;t=60' });
  });

  it('counts a batch once, whatever its size', async () => {
    const items = Array.from({ length: 20 }, (_, i) => ({ item: i }));

    const batch = await call('POST /v1/feedback/batch', ALICE, { items });

    expect(batch.status).toBe(202);
    expect(batch.headers).toMatchObject({ ratelimit: '"user";r=2;t=60' });
  });

  it("adds the headers to the route's error answers too", async () => {
    const invalid = await call('POST /v1/invalid', ALICE);

    expect(invalid.status).toBe(422);
    expect(invalid.headers).toMatchObject({
      'content-type': 'application/problem+json',
      'ratelimit-policy': '"user";q=3;w=60',
      ratelimit: '"user";r=2;t=60',
    });
  });

  it('leaves public routes alone', async () => {
    const health = await call('GET /v1/health');

    expect(health.status).toBe(202);
    expect(health.headers).not.toHaveProperty('ratelimit');
    expect(decisions).toBe(0);
  });

  it('spends nothing on a request without a valid key', async () => {
    const refused = await call('POST /v1/feedback', mintApiKey('user'));

    expect(refused.status).toBe(401);
    expect(refused.headers).not.toHaveProperty('ratelimit');
    expect(decisions).toBe(0);
  });

  it('refuses options without a policy for every class', () => {
    const { user, metrics } = policies;

    expect(() =>
      rateLimit(routes, {
        policies: { user, metrics } as unknown as typeof policies,
        limiter: countingLimiter(),
      }),
    ).toThrow(/policy named "admin"/);
  });
});

describe('rateLimitHeaders', () => {
  it('writes the structured-field form of draft-ietf-httpapi-ratelimit-headers', () => {
    const headers = rateLimitHeaders({
      policy: { name: 'admin', limit: 200, windowSeconds: 60 },
      allowed: false,
      remaining: 0,
      resetSeconds: 1,
      retryAfterSeconds: 1,
    });

    expect(headers).toEqual({
      'ratelimit-policy': '"admin";q=200;w=60',
      ratelimit: '"admin";r=0;t=1',
      'retry-after': '1',
    });
  });
});
