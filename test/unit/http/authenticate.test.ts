import { afterEach, describe, expect, it, vi } from 'vitest';
import { findCaller } from '#adapters/api-keys';
import { mintApiKey, type OperatorPrincipal, type Principal } from '#core/api-key';
import { createApiHandler } from '#http/create-api-handler';
import type { ApiEvent, RouteInput, Routes } from '#http/types';
import { apiEvent, lambdaContext, read } from '../support/api-gateway';

vi.mock('#adapters/api-keys', () => ({ findCaller: vi.fn() }));

const KEY = mintApiKey('user');
const userPrincipal: Principal = { keyId: 'key-1', scope: 'user', tenantId: 'tenant-a' };
const operator: OperatorPrincipal = { keyId: 'key-op', scope: 'operator', tenantId: null };

const seen: RouteInput[] = [];
const record = async (input: RouteInput) => {
  seen.push(input);
  return { status: 200, body: {} };
};
const routes: Routes = {
  'GET /v1/metrics': { scope: 'user', handle: record },
  'GET /v1/learning/status': { scope: 'admin', handle: record },
  'GET /v1/admin/queues': { scope: 'operator', handle: record },
  'GET /v1/health': { scope: 'public', handle: record },
};
const handler = createApiHandler(routes);

function withAuthorization(routeKey: string, authorization?: string): ApiEvent {
  const event = apiEvent(routeKey);
  return authorization === undefined
    ? event
    : { ...event, headers: { ...event.headers, authorization } };
}

const invoke = async (event: ApiEvent) => read(await handler(event, lambdaContext()));

afterEach(() => {
  seen.length = 0;
  vi.mocked(findCaller).mockReset();
});

describe('authenticate', () => {
  it('lets a public route through without a key or a look-up', async () => {
    const response = await invoke(withAuthorization('GET /v1/health'));

    expect(response.status).toBe(200);
    expect(findCaller).not.toHaveBeenCalled();
  });

  it('hands the principal of a valid key to the route', async () => {
    vi.mocked(findCaller).mockResolvedValue(userPrincipal);

    const response = await invoke(withAuthorization('GET /v1/metrics', `Bearer ${KEY}`));

    expect(response.status).toBe(200);
    expect(findCaller).toHaveBeenCalledWith(KEY);
    expect(seen[0]?.principal).toEqual(userPrincipal);
  });

  it.each([
    ['no Authorization header', undefined],
    ['a Basic credential', `Basic ${Buffer.from('user:pass').toString('base64')}`],
    ['a bare key without "Bearer"', KEY],
    ['"Bearer" with no key', 'Bearer '],
    ['a key with a space in it', `Bearer ${KEY} extra`],
  ])('answers 401 for %s without looking anything up', async (_case, authorization) => {
    const response = await invoke(withAuthorization('GET /v1/metrics', authorization));

    expect(response.status).toBe(401);
    expect(response.headers).toMatchObject({
      'content-type': 'application/problem+json',
      'x-content-type-options': 'nosniff',
    });
    expect(findCaller).not.toHaveBeenCalled();
    expect(seen).toEqual([]);
  });

  it.each([
    ['too short', 'rf_user_short'],
    ['too long', `rf_user_${'a'.repeat(200)}`],
    ['outside [A-Za-z0-9_]', `rf_user_${'a'.repeat(20)}'--`],
    [
      'minted, with a typo the checksum catches',
      `${KEY.slice(0, 10)}${KEY[10] === 'x' ? 'y' : 'x'}${KEY.slice(11)}`,
    ],
  ])('refuses a malformed key (%s) with 401 before any database look-up', async (_case, key) => {
    const response = await invoke(withAuthorization('GET /v1/metrics', `Bearer ${key}`));

    expect(response.status).toBe(401);
    expect(findCaller).not.toHaveBeenCalled();
  });

  it('reads the scheme name case-insensitively', async () => {
    vi.mocked(findCaller).mockResolvedValue(userPrincipal);

    const response = await invoke(withAuthorization('GET /v1/metrics', `bearer ${KEY}`));

    expect(response.status).toBe(200);
  });

  it('challenges a refused request with WWW-Authenticate: Bearer', async () => {
    const response = await invoke(withAuthorization('GET /v1/metrics'));

    expect(response.headers).toMatchObject({ 'www-authenticate': 'Bearer' });
  });

  it('answers 401 for a well-formed key that is not registered', async () => {
    vi.mocked(findCaller).mockResolvedValue(null);

    const response = await invoke(withAuthorization('GET /v1/metrics', `Bearer ${KEY}`));

    expect(response.status).toBe(401);
    expect(findCaller).toHaveBeenCalledTimes(1);
    expect(seen).toEqual([]);
  });

  it('answers 403 when a user key calls an admin route', async () => {
    vi.mocked(findCaller).mockResolvedValue(userPrincipal);

    const response = await invoke(withAuthorization('GET /v1/learning/status', `Bearer ${KEY}`));

    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ status: 403, title: 'Forbidden' });
    expect(seen).toEqual([]);
  });

  it('lets an admin key call both admin and user routes', async () => {
    vi.mocked(findCaller).mockResolvedValue({ ...userPrincipal, scope: 'admin' });

    const admin = await invoke(withAuthorization('GET /v1/learning/status', `Bearer ${KEY}`));
    expect(admin.status).toBe(200);
    expect((await invoke(withAuthorization('GET /v1/metrics', `Bearer ${KEY}`))).status).toBe(200);
  });

  it("refuses a tenant's admin key on an operator route, saying the queues are shared", async () => {
    vi.mocked(findCaller).mockResolvedValue({ ...userPrincipal, scope: 'admin' });

    const response = await invoke(withAuthorization('GET /v1/admin/queues', `Bearer ${KEY}`));

    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ detail: expect.stringMatching(/operator key/) });
    expect(seen).toEqual([]);
  });

  it('lets an operator key reach an operator route with no tenant principal', async () => {
    vi.mocked(findCaller).mockResolvedValue(operator);

    const response = await invoke(withAuthorization('GET /v1/admin/queues', `Bearer ${KEY}`));

    expect(response.status).toBe(200);
    expect(seen[0]?.principal).toBeUndefined();
  });

  it.each(['GET /v1/metrics', 'GET /v1/learning/status'])(
    'refuses an operator key on the tenant route %s, saying it has no tenant',
    async (route) => {
      vi.mocked(findCaller).mockResolvedValue(operator);

      const response = await invoke(withAuthorization(route, `Bearer ${KEY}`));

      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ detail: expect.stringMatching(/has no tenant/) });
      expect(seen).toEqual([]);
    },
  );
});
