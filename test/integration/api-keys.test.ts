import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../local/api-keys';
import { type ApiAnswer, call, feedback } from './support/client';
import { startSystem, type TestSystem } from './support/system';

/** Keys over HTTP: an admin mints, lists and revokes its tenant's keys; operators onboard tenants. */
let system: TestSystem;

beforeAll(async () => {
  system = await startSystem('api_keys');
});
afterAll(async () => {
  await system?.stop();
});

type CreatedKey = {
  id: string;
  key: string;
  scope: string;
  tenantId: string;
  label: string | null;
  createdAt: string;
};
type KeyList = { items: { id: string; scope: string; label: string | null; revokedAt: unknown }[] };
type Problem = { status: number; errors?: { path: string; rule: string }[] };

const mint = (key: string, body: unknown) =>
  call<CreatedKey>(system.url, 'POST', '/v1/keys', { key, body });
const list = (key: string) => call<KeyList>(system.url, 'GET', '/v1/keys', { key });
const revoke = (key: string, id: string) =>
  call<Problem>(system.url, 'DELETE', `/v1/keys/${id}`, { key });
const submit = (key: string) => call(system.url, 'POST', '/v1/feedback', { key, body: feedback() });

/** Sends until the answer has `status`, or fails at the deadline with the last answer. */
async function eventually(send: () => Promise<ApiAnswer>, status: number, deadlineMs = 10_000) {
  const deadline = Date.now() + deadlineMs;
  let answer = await send();
  while (answer.status !== status && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    answer = await send();
  }
  return answer;
}

describe('POST /v1/keys', () => {
  it('mints a user key of the admin tenant that works at once, shown only in the answer', async () => {
    const created = await mint(system.adminKey, { scope: 'user', label: 'renamer prod' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      scope: 'user',
      tenantId: 'default',
      label: 'renamer prod',
      key: expect.stringMatching(/^rf_user_[0-9A-Za-z]{36}$/),
    });
    expect(created.headers.get('location')).toBe(`/v1/keys/${created.body.id}`);
    expect(created.headers.get('cache-control')).toBe('no-store');
    expect((await submit(created.body.key)).status).toBe(202);

    const listed = await list(system.adminKey);
    expect(listed.status).toBe(200);
    const item = listed.body.items.find((k) => k.id === created.body.id);
    expect(item).toEqual({
      id: created.body.id,
      scope: 'user',
      label: 'renamer prod',
      createdAt: created.body.createdAt,
      revokedAt: null,
    });
    expect(JSON.stringify(listed.body)).not.toContain(created.body.key);
  });

  it('mints a second key when the same request is sent again: there is no idempotency', async () => {
    const first = await mint(system.adminKey, { scope: 'user', label: 'retried' });
    const second = await mint(system.adminKey, { scope: 'user', label: 'retried' });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.id).not.toBe(first.body.id);
  });

  it.each([
    [{ scope: 'operator' }, 'scope', 'enum'],
    [{}, 'scope', 'enum'],
    [{ scope: 'user', label: '' }, 'label', 'minLength'],
    [{ scope: 'user', label: 'x'.repeat(101) }, 'label', 'maxLength'],
    [{ scope: 'user', tenantId: 'other' }, 'tenantId', 'unknownField'],
  ])('refuses %j with a 422 naming %s (%s)', async (body, path, rule) => {
    const answer = await call<Problem>(system.url, 'POST', '/v1/keys', {
      key: system.adminKey,
      body,
    });
    expect(answer.status).toBe(422);
    expect(answer.body.errors).toContainEqual(expect.objectContaining({ path, rule }));
  });

  it('refuses a body that is not JSON with a 400', async () => {
    const answer = await call(system.url, 'POST', '/v1/keys', {
      key: system.adminKey,
      body: '{"scope":',
    });
    expect(answer.status).toBe(400);
  });

  it('refuses a user key on every key route with a 403', async () => {
    const answers = await Promise.all([
      mint(system.userKey, { scope: 'user' }),
      list(system.userKey),
      revoke(system.userKey, '4b6f1c1e-8f0a-4d52-9a63-0c1d2e3f4a5b'),
    ]);
    expect(answers.map((a) => a.status)).toEqual([403, 403, 403]);
  });
});

describe('DELETE /v1/keys/{id}', () => {
  it('revokes a key: it answers 401 once the key cache (4 s) has let it go', async () => {
    const created = await mint(system.adminKey, { scope: 'user', label: 'to revoke' });
    expect((await submit(created.body.key)).status).toBe(202);
    const revoked = await revoke(system.adminKey, created.body.id);
    expect(revoked.status).toBe(204);
    expect(revoked.headers.get('content-type')).toBeNull();
    expect((await eventually(() => submit(created.body.key), 401)).status).toBe(401);
    const item = (await list(system.adminKey)).body.items.find((k) => k.id === created.body.id);
    expect(item?.revokedAt).toEqual(expect.any(String));
    // Revoked already: no live key with that id.
    expect((await revoke(system.adminKey, created.body.id)).status).toBe(404);
  });

  it("answers 404 for another tenant's key, which is left working", async () => {
    const other = await createApiKey(system.databaseUrl, 'user', { tenantId: 'tenant-b' });
    expect((await revoke(system.adminKey, other.id)).status).toBe(404);
    expect((await submit(other.key)).status).toBe(202);
  });

  it('refuses an id that is not a UUID with a 422 naming id', async () => {
    const answer = await revoke(system.adminKey, 'not-a-key-id');
    expect(answer.status).toBe(422);
    expect(answer.body.errors).toEqual([expect.objectContaining({ path: 'id', rule: 'uuid' })]);
  });

  it("refuses to revoke a tenant's last live admin key (409), and revokes it once another exists", async () => {
    const tenant = 'lockout';
    const only = await createApiKey(system.databaseUrl, 'admin', { tenantId: tenant });
    const conflict = await revoke(only.key, only.id);
    expect(conflict.status).toBe(409);
    expect((await list(only.key)).status).toBe(200);

    const second = await mint(only.key, { scope: 'admin' });
    expect(second.status).toBe(201);
    expect((await revoke(second.body.key, only.id)).status).toBe(204);
    expect((await revoke(second.body.key, second.body.id)).status).toBe(409);
  });
});

describe('POST /v1/admin/tenants/{tenantId}/keys', () => {
  it("mints a new tenant's first admin key, which then mints that tenant's user keys", async () => {
    const created = await call<CreatedKey>(system.url, 'POST', '/v1/admin/tenants/acme-new/keys', {
      key: system.operatorKey,
      body: { scope: 'admin', label: 'acme onboarding' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ tenantId: 'acme-new', scope: 'admin' });
    const user = await mint(created.body.key, { scope: 'user' });
    expect(user.body.tenantId).toBe('acme-new');
    expect((await submit(user.body.key)).status).toBe(202);
    // Its keys are its own: the default tenant's admin does not see them.
    const seen = (await list(system.adminKey)).body.items.map((k) => k.id);
    expect(seen).not.toContain(created.body.id);
  });

  it('refuses a tenant id that breaks its pattern, and a tenant admin key', async () => {
    const bad = await call<Problem>(system.url, 'POST', '/v1/admin/tenants/a.b/keys', {
      key: system.operatorKey,
      body: { scope: 'user' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: 'tenantId' })]);
    const byAdmin = await call(system.url, 'POST', '/v1/admin/tenants/acme-new/keys', {
      key: system.adminKey,
      body: { scope: 'user' },
    });
    expect(byAdmin.status).toBe(403);
  });
});
