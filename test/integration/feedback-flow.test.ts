import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, feedback } from './support/client';
import { startSystem, type TestSystem } from './support/system';

let system: TestSystem;

beforeAll(async () => {
  system = await startSystem('flow');
});
afterAll(async () => {
  await system?.stop();
});

const metrics = (query: string) =>
  call(system.url, 'GET', `/v1/metrics?${query}`, { key: system.userKey });

describe('submit -> store -> learn -> metrics', () => {
  it('stores a feedback, learns it and counts it in the metrics', async () => {
    const body = feedback({
      modelVersion: 'flow-1',
      action: 'modified',
      userFilename: 'beach.jpg',
    });
    const submitted = await call(system.url, 'POST', '/v1/feedback', { key: system.userKey, body });
    expect(submitted.status).toBe(202);
    expect(submitted.body).toEqual({ id: expect.any(String), status: 'accepted' });

    const stored = await system.db.query(
      'SELECT proposal_id, action, user_filename FROM feedback WHERE id = $1',
      [submitted.body.id],
    );
    expect(stored.rows).toEqual([
      { proposal_id: body.proposalId, action: 'modified', user_filename: 'beach.jpg' },
    ]);

    await system.emulator.drain();
    const answer = await metrics('modelVersion=flow-1');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      modelVersion: 'flow-1',
      total: 1,
      approved: 0,
      rejected: 0,
      modified: 1,
      approvalRate: 0,
      modificationRate: 1,
      meanConfidence: 0.9,
    });
    const p50 = (answer.body.processingTimeMs as { p50: number }).p50;
    expect(Math.abs(p50 - 120) / 120).toBeLessThan(0.03);
  });

  it('shows a feedback in the metrics moments after it is accepted, without waiting for a drain', async () => {
    const before = await metrics('modelVersion=flow-fast');
    expect(before.body.total).toBe(0);
    await call(system.url, 'POST', '/v1/feedback', {
      key: system.userKey,
      body: feedback({ modelVersion: 'flow-fast' }),
    });
    await expect
      .poll(async () => (await metrics('modelVersion=flow-fast')).body.total, {
        timeout: 10_000,
        interval: 50,
      })
      .toBe(1);
  });

  it('accepts a batch item by item, and stores none of the invalid ones', async () => {
    const items = [
      feedback({ modelVersion: 'flow-batch' }),
      feedback({ modelVersion: 'flow-batch', confidence: 1.5 }),
      feedback({ modelVersion: 'flow-batch', action: 'rejected' }),
      feedback({ modelVersion: 'flow-batch', action: 'modified' }),
    ];
    const answer = await call(system.url, 'POST', '/v1/feedback/batch', {
      key: system.userKey,
      body: { items },
    });
    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({ accepted: 2, duplicates: 0, rejected: 2 });
    expect(answer.body.results).toEqual([
      { index: 0, status: 'accepted', id: expect.any(String) },
      {
        index: 1,
        status: 'rejected',
        errors: [expect.objectContaining({ path: 'items[1].confidence', rule: 'maximum' })],
        omittedErrors: 0,
      },
      { index: 2, status: 'accepted', id: expect.any(String) },
      {
        index: 3,
        status: 'rejected',
        errors: [
          expect.objectContaining({ path: 'items[3].userFilename', rule: 'requiredWhenModified' }),
        ],
        omittedErrors: 0,
      },
    ]);
    const stored = await system.db.query(
      "SELECT count(*)::int AS n FROM feedback WHERE model_version = 'flow-batch'",
    );
    expect(stored.rows[0].n).toBe(2);
    await system.emulator.drain();
    expect((await metrics('modelVersion=flow-batch')).body).toMatchObject({
      total: 2,
      approved: 1,
      rejected: 1,
    });
  });

  it('answers a retried submission with the first id and stores it once', async () => {
    const body = feedback({ modelVersion: 'flow-retry' });
    const first = await call(system.url, 'POST', '/v1/feedback', { key: system.userKey, body });
    const again = await call(system.url, 'POST', '/v1/feedback', { key: system.userKey, body });
    expect(again.status).toBe(202);
    expect(again.body).toEqual({ id: first.body.id, status: 'duplicate' });
    await system.emulator.drain();
    expect((await metrics('modelVersion=flow-retry')).body.total).toBe(1);
  });

  it('refuses a different decision for a decided proposal with 409', async () => {
    const body = feedback({ modelVersion: 'flow-conflict' });
    await call(system.url, 'POST', '/v1/feedback', { key: system.userKey, body });
    const other = await call(system.url, 'POST', '/v1/feedback', {
      key: system.userKey,
      body: { ...body, action: 'rejected' },
    });
    expect(other.status).toBe(409);
    expect(other.headers.get('content-type')).toBe('application/problem+json');
    expect(other.body.errors).toEqual([
      expect.objectContaining({ path: 'proposalId', rule: 'oneDecisionPerProposal' }),
    ]);
  });

  it('decides a proposal once when decisions for it race: the same one a duplicate, another a 409', async () => {
    const approved = feedback({ modelVersion: 'flow-race' });
    const rejected = { ...approved, action: 'rejected' };
    // Sent at once, most wait on the first insert's row lock and find it committed after
    // their statement began: the store must still report it, never answer 500.
    const bodies = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? approved : rejected));
    const answers = await Promise.all(
      bodies.map((body) => call(system.url, 'POST', '/v1/feedback', { key: system.userKey, body })),
    );

    const accepted = answers.filter((a) => a.status === 202 && a.body.status === 'accepted');
    expect(accepted).toHaveLength(1);
    const winner = bodies[answers.indexOf(accepted[0] as (typeof answers)[number])];
    answers.forEach((answer, i) => {
      if (answer === accepted[0]) return;
      if (bodies[i] === winner) {
        expect(answer).toMatchObject({ status: 202, body: { status: 'duplicate' } });
        expect(answer.body.id).toBe(accepted[0]?.body.id);
      } else {
        expect(answer.status).toBe(409);
      }
    });
    await system.emulator.drain();
    expect((await metrics('modelVersion=flow-race')).body.total).toBe(1);
  });
});

describe('bad input', () => {
  it('names the field and the rule, stores nothing and queues nothing', async () => {
    const answer = await call(system.url, 'POST', '/v1/feedback', {
      key: system.userKey,
      body: feedback({ modelVersion: 'flow-bad', proposalId: 'has space', extra: 1 }),
    });
    expect(answer.status).toBe(422);
    expect(answer.headers.get('content-type')).toBe('application/problem+json');
    expect(answer.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'proposalId', rule: 'pattern' }),
        expect.objectContaining({ path: 'extra', rule: 'unknownField' }),
      ]),
    );
    const stored = await system.db.query(
      "SELECT count(*)::int AS n FROM feedback WHERE model_version = 'flow-bad'",
    );
    expect(stored.rows[0].n).toBe(0);
  });

  it.each([
    ['a body that is not JSON', '{"proposalId":', 'application/json', 400],
    ['a body that is not a JSON content type', 'proposalId=1', 'text/plain', 415],
    [
      'an oversized body',
      JSON.stringify({ items: 'x'.repeat(70 * 1024) }),
      'application/json',
      413,
    ],
  ])('answers %s with a problem, never a 5xx', async (_case, body, contentType, status) => {
    const answer = await call(system.url, 'POST', '/v1/feedback', {
      key: system.userKey,
      body,
      headers: { 'content-type': contentType },
    });
    expect(answer.status).toBe(status);
    expect(answer.headers.get('content-type')).toBe('application/problem+json');
  });

  it('refuses a batch of more than 500 items', async () => {
    const items = Array.from({ length: 501 }, () => feedback());
    const answer = await call(system.url, 'POST', '/v1/feedback/batch', {
      key: system.userKey,
      body: { items },
    });
    expect(answer.status).toBe(422);
    expect(answer.body.errors).toEqual([
      expect.objectContaining({ path: 'items', rule: 'maxItems' }),
    ]);
  });
});

describe('auth and operations', () => {
  it('answers 401 without a key or with an unknown one, 403 for a user key on an admin route', async () => {
    expect((await call(system.url, 'GET', '/v1/metrics')).status).toBe(401);
    expect((await call(system.url, 'GET', '/v1/metrics', { key: 'x'.repeat(30) })).status).toBe(
      401,
    );
    expect(
      (await call(system.url, 'GET', '/v1/admin/queues', { key: system.userKey })).status,
    ).toBe(403);
    expect(
      (await call(system.url, 'GET', '/v1/admin/queues', { key: system.adminKey })).status,
    ).toBe(403);
    expect(
      (await call(system.url, 'GET', '/v1/admin/queues', { key: system.operatorKey })).status,
    ).toBe(200);
    expect((await call(system.url, 'GET', '/v1/metrics', { key: system.adminKey })).status).toBe(
      200,
    );
  });

  it('reports health without a key, with security headers', async () => {
    const answer = await call(system.url, 'GET', '/v1/health');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: 'ok' });
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
