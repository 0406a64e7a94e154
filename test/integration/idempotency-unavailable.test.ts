import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port';
import { call, feedback } from './support/client';
import { startSystem, type TestSystem } from './support/system';

/**
 * The other side of "bad input never answers 503": when the idempotency records really
 * cannot be reached, a request with an Idempotency-Key must still be told to come back.
 * `submit` is pointed at a DynamoDB endpoint where nothing listens.
 */
let system: TestSystem;

beforeAll(async () => {
  system = await startSystem('idem_down', {
    functionEnvironment: {
      Submit: { AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${await freePort()}` },
    },
  });
});
afterAll(async () => {
  await system?.stop();
});

describe('Idempotency-Key while DynamoDB is unreachable', () => {
  it('answers 503 with Retry-After and stores nothing', async () => {
    const answer = await call(system.url, 'POST', '/v1/feedback', {
      key: system.userKey,
      body: feedback({ modelVersion: 'idem-down' }),
      headers: { 'idempotency-key': 'unreachable-1' },
    });

    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('5');
    const stored = await system.db.query(
      "SELECT count(*)::int AS n FROM feedback WHERE model_version = 'idem-down'",
    );
    expect(stored.rows[0].n).toBe(0);
  });

  it('still stores feedback sent without the header', async () => {
    const answer = await call(system.url, 'POST', '/v1/feedback', {
      key: system.userKey,
      body: feedback({ modelVersion: 'idem-down' }),
    });

    expect(answer.status).toBe(202);
  });
});
