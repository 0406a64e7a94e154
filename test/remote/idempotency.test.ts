import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { call, feedback } from './support/http';
import { runName } from './support/target';

const post = (path: string, body: unknown, idempotencyKey: string) =>
  call('user', 'POST', path, { body, headers: { 'idempotency-key': idempotencyKey } });

describe('Idempotency-Key against the deployment', () => {
  it('gives a retry the first answer back', async () => {
    const key = runName(randomUUID());
    const body = feedback({ modelVersion: runName('idem-replay') });
    const first = await post('/v1/feedback', body, key);
    expect(first.status).toBe(202);
    expect(first.body.status).toBe('accepted');
    // Keys in another order are the same body.
    const retry = await post(
      '/v1/feedback',
      Object.fromEntries(Object.entries(body).reverse()),
      key,
    );
    expect(retry.status).toBe(202);
    expect(retry.body).toEqual(first.body);
  });

  it('gives a batch retry the first answer back', async () => {
    const key = runName(randomUUID());
    const modelVersion = runName('idem-batch');
    const body = { items: [feedback({ modelVersion }), feedback({ modelVersion })] };
    const first = await post('/v1/feedback/batch', body, key);
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ accepted: 2 });
    const retry = await post('/v1/feedback/batch', body, key);
    expect(retry.body).toEqual(first.body);
  });

  it('refuses the same key with another body with 422, and stores nothing of it', async () => {
    const key = runName(randomUUID());
    const modelVersion = runName('idem-diff');
    expect((await post('/v1/feedback', feedback({ modelVersion }), key)).status).toBe(202);
    const otherBody = feedback({ modelVersion });
    const other = await post('/v1/feedback', otherBody, key);
    expect(other.status).toBe(422);
    expect(other.body.errors).toEqual([
      expect.objectContaining({ path: 'Idempotency-Key', rule: 'sameBodyPerKey' }),
    ]);
    // Its proposal is still undecided: sent without the key, it is accepted.
    const fresh = await call('user', 'POST', '/v1/feedback', { body: otherBody });
    expect(fresh.body.status).toBe('accepted');
  });

  it('refuses a malformed key with 400 naming the header', async () => {
    const answer = await post('/v1/feedback', feedback(), 'has spaces in it');
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      expect.objectContaining({ path: 'Idempotency-Key', rule: 'pattern' }),
    ]);
  });
});
