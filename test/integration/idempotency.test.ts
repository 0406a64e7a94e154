import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../local/api-keys';
import { call, feedback } from './support/client';
import { startSystem, type TestSystem } from './support/system';

let system: TestSystem;

beforeAll(async () => {
  system = await startSystem('idempotency', {
    environment: { RATE_LIMIT_USER_PER_MINUTE: '10000' },
  });
});
afterAll(async () => {
  await system?.stop();
});

const post = (path: string, body: unknown, idempotencyKey: string, key = system.userKey) =>
  call(system.url, 'POST', path, { key, body, headers: { 'idempotency-key': idempotencyKey } });
const rows = async (modelVersion: string) =>
  (
    await system.db.query('SELECT count(*)::int AS n FROM feedback WHERE model_version = $1', [
      modelVersion,
    ])
  ).rows[0].n;

describe('Idempotency-Key', () => {
  it('replays the first answer to a retry and stores nothing new', async () => {
    const key = randomUUID();
    const body = feedback({ modelVersion: 'idem-replay' });
    const first = await post('/v1/feedback', body, key);
    const retry = await post('/v1/feedback', { ...body }, key);
    expect(first.status).toBe(202);
    expect(retry.status).toBe(202);
    expect(retry.body).toEqual(first.body);
    expect(await rows('idem-replay')).toBe(1);
  });

  it('replays a batch answer too', async () => {
    const key = randomUUID();
    const body = {
      items: [feedback({ modelVersion: 'idem-batch' }), feedback({ modelVersion: 'idem-batch' })],
    };
    const first = await post('/v1/feedback/batch', body, key);
    const retry = await post('/v1/feedback/batch', body, key);
    expect(retry.body).toEqual(first.body);
    expect(await rows('idem-batch')).toBe(2);
  });

  it('answers 422 to the same key with a different body', async () => {
    const key = randomUUID();
    await post('/v1/feedback', feedback({ modelVersion: 'idem-diff' }), key);
    const other = await post('/v1/feedback', feedback({ modelVersion: 'idem-diff' }), key);
    expect(other.status).toBe(422);
    expect(other.body.errors).toEqual([
      expect.objectContaining({ path: 'Idempotency-Key', rule: 'sameBodyPerKey' }),
    ]);
    expect(await rows('idem-diff')).toBe(1);
  });

  it('stores one row for 20 concurrent requests with one key', async () => {
    const key = randomUUID();
    const body = feedback({ modelVersion: 'idem-race' });
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => post('/v1/feedback', body, key)),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s !== 202 && s !== 409)).toEqual([]);
    expect(statuses).toContain(202);
    const ids = new Set(answers.filter((a) => a.status === 202).map((a) => a.body.id));
    expect(ids.size).toBe(1);
    expect(await rows('idem-race')).toBe(1);
  });

  it('lets a failed request be retried with the same key', async () => {
    const key = randomUUID();
    const bad = await post(
      '/v1/feedback',
      feedback({ modelVersion: 'idem-fix', confidence: 2 }),
      key,
    );
    expect(bad.status).toBe(422);
    const fixed = await post('/v1/feedback', feedback({ modelVersion: 'idem-fix' }), key);
    expect(fixed.status).toBe(202);
  });

  it('scopes keys to the API key: another client may use the same Idempotency-Key', async () => {
    const key = randomUUID();
    const otherClient = (await createApiKey(system.databaseUrl, 'user')).key;
    const mine = await post('/v1/feedback', feedback({ modelVersion: 'idem-scope' }), key);
    const theirs = await post(
      '/v1/feedback',
      feedback({ modelVersion: 'idem-scope' }),
      key,
      otherClient,
    );
    expect(mine.status).toBe(202);
    expect(theirs.status).toBe(202);
    expect(theirs.body.id).not.toBe(mine.body.id);
  });

  it('refuses a malformed key with 400 naming the header', async () => {
    const answer = await post('/v1/feedback', feedback(), 'has spaces in it');
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      expect.objectContaining({ path: 'Idempotency-Key', rule: 'pattern' }),
    ]);
  });
});
