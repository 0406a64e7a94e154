import { beforeAll, describe, expect, it } from 'vitest';
import { type Caller, call, feedback, learned } from './support/http';
import { explainSkip, runName, target } from './support/target';

// Well formed, with the right prefix and length, and held by nobody.
const UNKNOWN_KEY = 'rf_user_000000000000000000000000000000000000';

describe('who may call what', () => {
  it('answers the public routes without a key', async () => {
    expect((await call('none', 'GET', '/v1/health')).status).toBe(200);
    const document = await call('none', 'GET', '/v1/openapi.json');
    expect(document.status).toBe(200);
    expect(document.body).toMatchObject({ openapi: expect.stringMatching(/^3\.1/) });
  });

  const refused: Array<[string, Caller]> = [
    ['no key', 'none'],
    ['a malformed key', { key: 'not a key!' }],
    ['a well-formed key nobody holds', { key: UNKNOWN_KEY }],
  ];
  it.each(refused)('answers 401 with WWW-Authenticate to %s', async (_, caller) => {
    for (const [method, path] of [
      ['GET', '/v1/metrics'],
      ['POST', '/v1/feedback'],
      ['GET', '/v1/learning/status'],
    ] as const) {
      const answer = await call(caller, method, path, {
        body: method === 'POST' ? feedback() : undefined,
      });
      expect(answer.status, `${method} ${path}`).toBe(401);
      expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(answer.headers.get('content-type')).toBe('application/problem+json');
    }
  });

  it('refuses a user key on admin routes with 403, and lets an admin key through', async () => {
    for (const path of [
      '/v1/learning/status',
      '/v1/experiments?limit=1',
      '/v1/training-data?limit=1',
    ]) {
      expect((await call('user', 'GET', path)).status, path).toBe(403);
      expect((await call('admin', 'GET', path)).status, path).toBe(200);
    }
  });

  it('lets an admin key do what a user key may', async () => {
    const modelVersion = runName('auth-admin');
    const submitted = await call('admin', 'POST', '/v1/feedback', {
      body: feedback({ modelVersion }),
    });
    expect(submitted.status).toBe(202);
    expect((await call('admin', 'GET', `/v1/feedback/${submitted.body.id}`)).status).toBe(200);
    expect((await call('admin', 'GET', '/v1/metrics')).status).toBe(200);
  });

  it('refuses a tenant admin key on the operator routes with 403', async () => {
    expect((await call('admin', 'GET', '/v1/admin/queues')).status).toBe(403);
    expect((await call('admin', 'POST', '/v1/admin/dlq/redrive', { body: {} })).status).toBe(403);
  });
});

const tenantIsolation = target.other === undefined ? describe.skip : describe;
if (target.other === undefined) {
  explainSkip('tenant isolation', 'TEST_OTHER_USER_KEY and TEST_OTHER_ADMIN_KEY are not set');
}

tenantIsolation("a second tenant sees nothing of the first's", () => {
  const modelVersion = runName('auth-tenant');
  let feedbackId: string;

  beforeAll(async () => {
    const submitted = await call('user', 'POST', '/v1/feedback', {
      body: feedback({ modelVersion }),
    });
    expect(submitted.status).toBe(202);
    feedbackId = String(submitted.body.id);
    await learned(modelVersion, 1);
  });

  it("answers 404 for the other tenant's feedback id, as for a missing one", async () => {
    expect((await call('otherUser', 'GET', `/v1/feedback/${feedbackId}`)).status).toBe(404);
    expect((await call('otherAdmin', 'GET', `/v1/feedback/${feedbackId}`)).status).toBe(404);
  });

  it("counts nothing of the other tenant's model version, and has no calibration for it", async () => {
    const metrics = await call(
      'otherUser',
      'GET',
      `/v1/metrics?modelVersion=${encodeURIComponent(modelVersion)}`,
    );
    expect(metrics.status).toBe(200);
    expect(metrics.body.total).toBe(0);
    const calibration = await call(
      'otherUser',
      'GET',
      `/v1/models/${encodeURIComponent(modelVersion)}/calibration`,
    );
    expect(calibration.status).toBe(404);
  });

  it('may send the same proposal id without a conflict: decisions are per tenant', async () => {
    const body = feedback({ modelVersion: runName('auth-tenant-b') });
    expect((await call('user', 'POST', '/v1/feedback', { body })).status).toBe(202);
    const theirs = await call('otherUser', 'POST', '/v1/feedback', { body });
    expect(theirs.status).toBe(202);
    expect(theirs.body.status).toBe('accepted');
  });
});
