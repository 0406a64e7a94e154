import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes, routeKeyOf } from '../../functions/core/contract/routes';
import { createApiKey } from '../../local/api-keys';
import { type ApiAnswer, call, feedback } from './support/client';
import { startSystem, type TestSystem } from './support/system';

// What the security review found to hold, kept as tests: two tenants, HTTP as a client
// speaks it. Tenant A is `default` (the system's keys); tenant B has keys of its own.
let system: TestSystem;
let b: { user: string; admin: string };
/** Ids of tenant A, each for the route that takes one. */
const a = {
  feedbackId: '',
  jobId: '',
  draft: '',
  running: '',
  keyId: '',
  person: 'person-a',
  model: 'iso-a',
};
/** Every answer an error, for the check that none tells of internals. */
const errorBodies: { request: string; body: string }[] = [];

const MISSING = {
  feedbackId: '00000000-0000-4000-8000-000000000000',
  jobId: '00000000-0000-4000-8000-000000000001',
  keyId: '00000000-0000-4000-8000-000000000002',
  experiment: 'no-such-experiment',
  person: 'nobody-at-all',
  model: 'no-such-model',
};

/** `call`, recording every error body it sees. */
async function send(
  method: string,
  path: string,
  options: Parameters<typeof call>[3] = {},
): Promise<ApiAnswer<Record<string, unknown>>> {
  const answer = await call(system.url, method, path, options);
  if (answer.status >= 400) {
    errorBodies.push({ request: `${method} ${path}`, body: JSON.stringify(answer.body) });
  }
  return answer;
}

const experimentBody = {
  name: 'isolation',
  variants: [
    { key: 'control', modelVersion: 'v1', weight: 0.5 },
    { key: 'treatment', modelVersion: 'v2', weight: 0.5 },
  ],
  minimumDetectableEffect: 0.05,
};

beforeAll(async () => {
  system = await startSystem('tenants');
  b = {
    user: (await createApiKey(system.databaseUrl, 'user', { tenantId: 'tenant-b' })).key,
    admin: (await createApiKey(system.databaseUrl, 'admin', { tenantId: 'tenant-b' })).key,
  };
  const adminA = (method: string, path: string, body?: unknown) =>
    send(method, path, { key: system.adminKey, body });
  // Person A renames three proposals the same way: enough evidence for rules of her own.
  const batch = await send('POST', '/v1/feedback/batch', {
    key: system.userKey,
    body: {
      items: ['Beach Trip.jpg', 'Kitchen Plan.png', 'Tax Return.pdf'].map((proposed) =>
        feedback({
          modelVersion: a.model,
          userId: a.person,
          proposedFilename: proposed,
          action: 'modified',
          userFilename: proposed.toLowerCase().replace(' ', '_'),
        }),
      ),
    },
  });
  a.feedbackId = String((batch.body.results as { id: string }[])[0]?.id);
  await system.emulator.drain();
  a.jobId = String(
    (await adminA('POST', '/v1/learning/retrain', { modelVersion: a.model })).body.id,
  );
  a.draft = String((await adminA('POST', '/v1/experiments', experimentBody)).body.experimentId);
  a.running = String((await adminA('POST', '/v1/experiments', experimentBody)).body.experimentId);
  expect((await adminA('POST', `/v1/experiments/${a.running}/start`)).status).toBe(200);
  a.keyId = String((await adminA('POST', '/v1/keys', { scope: 'user', label: 'iso-a' })).body.id);
});
afterAll(async () => {
  await system?.stop();
});

/** A route that takes an id, asked by tenant B for tenant A's id and for a missing one. */
interface IdCase {
  route: string;
  key: () => string;
  path: (id: string) => string;
  own: string;
  missing: string;
  body?: unknown;
  /** What a missing id answers: 404, or 200 for a person nobody has learned anything of. */
  status: number;
}

const idCases = (): IdCase[] => {
  const experiment = (route: string, suffix: string, own: string, body?: unknown): IdCase => ({
    route,
    key: () => b.admin,
    path: (id) => `/v1/experiments/${id}${suffix}`,
    own,
    missing: MISSING.experiment,
    body,
    status: 404,
  });
  return [
    {
      route: 'GET /v1/feedback/{id}',
      key: () => b.user,
      path: (id) => `/v1/feedback/${id}`,
      own: a.feedbackId,
      missing: MISSING.feedbackId,
      status: 404,
    },
    experiment('GET /v1/experiments/{id}', '', a.running),
    experiment('PATCH /v1/experiments/{id}', '', a.draft, { description: 'taken over' }),
    experiment('POST /v1/experiments/{id}/start', '/start', a.draft),
    experiment('POST /v1/experiments/{id}/pause', '/pause', a.running),
    experiment('POST /v1/experiments/{id}/resume', '/resume', a.running),
    experiment('POST /v1/experiments/{id}/conclude', '/conclude', a.running, {}),
    experiment('POST /v1/experiments/{id}/cancel', '/cancel', a.draft),
    experiment('GET /v1/experiments/{id}/results', '/results', a.running),
    {
      ...experiment('GET /v1/experiments/{id}/assignment', '', a.running),
      key: () => b.user,
      path: (id) => `/v1/experiments/${id}/assignment?userId=${a.person}`,
    },
    {
      route: 'POST /v1/learning/jobs/{id}/complete',
      key: () => b.admin,
      path: (id) => `/v1/learning/jobs/${id}/complete`,
      own: a.jobId,
      missing: MISSING.jobId,
      body: { newModelVersion: 'iso-a-retrained', evaluation: { accuracy: 0.9 } },
      status: 404,
    },
    {
      route: 'DELETE /v1/keys/{id}',
      key: () => b.admin,
      path: (id) => `/v1/keys/${id}`,
      own: a.keyId,
      missing: MISSING.keyId,
      status: 404,
    },
    {
      route: 'GET /v1/models/{modelVersion}/calibration',
      key: () => b.user,
      path: (id) => `/v1/models/${id}/calibration`,
      own: a.model,
      missing: MISSING.model,
      status: 404,
    },
    {
      route: 'POST /v1/models/{modelVersion}/calibrate',
      key: () => b.user,
      path: (id) => `/v1/models/${id}/calibrate`,
      own: a.model,
      missing: MISSING.model,
      body: { confidences: [0.5] },
      status: 404,
    },
    {
      route: 'GET /v1/users/{userId}/preferences',
      key: () => b.user,
      path: (id) => `/v1/users/${id}/preferences`,
      own: a.person,
      missing: MISSING.person,
      status: 200,
    },
    {
      route: 'POST /v1/users/{userId}/preferences/apply',
      key: () => b.user,
      path: (id) => `/v1/users/${id}/preferences/apply`,
      own: a.person,
      missing: MISSING.person,
      body: { filename: 'Summer Holiday.jpg' },
      status: 200,
    },
  ];
};

/** An answer without what echoes the request (its path, the id asked about). */
function comparable(answer: ApiAnswer<Record<string, unknown>>, id: string): string {
  const { instance: _instance, ...rest } = answer.body;
  return JSON.stringify({ status: answer.status, body: rest }).replaceAll(id, '{id}');
}

describe("another tenant's ids", () => {
  it('cover every route that takes an id', () => {
    // An operator's route names its tenant by design (onboarding): operators have none.
    const withId = apiRoutes
      .filter((route) => route.pathParameters && route.scope !== 'operator')
      .map(routeKeyOf);
    expect(
      idCases()
        .map((c) => c.route)
        .sort(),
    ).toEqual(withId.sort());
  });

  it('answer exactly as a missing id does, on every route that takes one', async () => {
    const differences: string[] = [];
    for (const c of idCases()) {
      const method = c.route.split(' ')[0] ?? '';
      const theirs = await send(method, c.path(c.own), { key: c.key(), body: c.body });
      const missing = await send(method, c.path(c.missing), { key: c.key(), body: c.body });
      expect(missing.status, c.route).toBe(c.status);
      if (comparable(theirs, c.own) !== comparable(missing, c.missing)) {
        differences.push(`${c.route}: ${theirs.status} ${JSON.stringify(theirs.body)}`);
      }
    }
    expect(differences).toEqual([]);
  });

  it("leave tenant A's data as it was", async () => {
    const asA = (path: string) => send('GET', path, { key: system.adminKey });
    expect((await asA(`/v1/experiments/${a.draft}`)).body).toMatchObject({
      state: 'draft',
      version: 1,
    });
    expect((await asA(`/v1/experiments/${a.running}`)).body).toMatchObject({ state: 'running' });
    const job = await system.db.query('SELECT status FROM training_jobs WHERE id = $1', [a.jobId]);
    expect(job.rows[0]).toEqual({ status: 'queued' });
    const key = await system.db.query('SELECT revoked_at FROM api_keys WHERE id = $1', [a.keyId]);
    expect(key.rows[0]).toEqual({ revoked_at: null });
    const preferences = await send('GET', `/v1/users/${a.person}/preferences`, {
      key: system.userKey,
    });
    expect((preferences.body.rules as unknown[]).length).toBeGreaterThan(0);
  });
});

describe('scopes', () => {
  it('refuse a user key on every admin and operator route with 403', async () => {
    const guarded = apiRoutes.filter((r) => r.scope === 'admin' || r.scope === 'operator');
    expect(guarded.length).toBeGreaterThan(10);
    for (const route of guarded) {
      const path = route.path
        .replace('{id}', a.running)
        .replace('{modelVersion}', a.model)
        .replace('{userId}', a.person);
      for (const key of [system.userKey, b.user]) {
        const body = route.method === 'GET' ? undefined : {};
        const answer = await send(route.method, path, { key, body });
        expect(answer.status, `${routeKeyOf(route)}`).toBe(403);
      }
    }
  });
});

/** A valid body for each route that takes one: the smuggled field is the only fault. */
const validBodies = (): Record<string, { path: string; key: string; body: object }> => ({
  'POST /v1/feedback': { path: '/v1/feedback', key: b.user, body: feedback() },
  'POST /v1/feedback/batch': {
    path: '/v1/feedback/batch',
    key: b.user,
    body: { items: [feedback()] },
  },
  'POST /v1/models/{modelVersion}/calibrate': {
    path: `/v1/models/${a.model}/calibrate`,
    key: system.userKey,
    body: { confidences: [0.5] },
  },
  'POST /v1/users/{userId}/preferences/apply': {
    path: `/v1/users/${a.person}/preferences/apply`,
    key: system.userKey,
    body: { filename: 'Summer Holiday.jpg' },
  },
  'POST /v1/learning/retrain': {
    path: '/v1/learning/retrain',
    key: system.adminKey,
    body: { modelVersion: a.model },
  },
  'POST /v1/learning/jobs/{id}/complete': {
    path: `/v1/learning/jobs/${a.jobId}/complete`,
    key: system.adminKey,
    body: { newModelVersion: 'iso-a-2', evaluation: { accuracy: 0.9 } },
  },
  'POST /v1/experiments': { path: '/v1/experiments', key: b.admin, body: experimentBody },
  'POST /v1/keys': { path: '/v1/keys', key: b.admin, body: { scope: 'user' } },
  'POST /v1/admin/tenants/{tenantId}/keys': {
    path: '/v1/admin/tenants/tenant-b/keys',
    key: system.operatorKey,
    body: { scope: 'user' },
  },
  'PATCH /v1/experiments/{id}': {
    path: `/v1/experiments/${a.draft}`,
    key: system.adminKey,
    body: { description: 'changed' },
  },
  'POST /v1/experiments/{id}/conclude': {
    path: `/v1/experiments/${a.running}/conclude`,
    key: system.adminKey,
    body: {},
  },
});

describe('a tenantId smuggled into a body', () => {
  it('covers every route that takes a body', () => {
    const withBody = apiRoutes.filter((route) => route.body).map(routeKeyOf);
    expect(Object.keys(validBodies()).sort()).toEqual(withBody.sort());
  });

  it('is refused with a 422 naming the field, on every route that takes a body', async () => {
    const before = await system.db.query('SELECT count(*)::int AS n FROM feedback');
    for (const [route, { path, key, body }] of Object.entries(validBodies())) {
      const method = route.split(' ')[0] ?? '';
      const answer = await send(method, path, { key, body: { ...body, tenantId: 'default' } });
      expect(answer.status, route).toBe(422);
      expect(answer.body.errors, route).toContainEqual(
        expect.objectContaining({ path: 'tenantId', rule: 'unknownField' }),
      );
    }
    const item = await send('POST', '/v1/feedback/batch', {
      key: b.user,
      body: { items: [{ ...feedback(), tenantId: 'default' }] },
    });
    expect(item.status).toBe(422);
    expect(item.body.errors).toContainEqual(
      expect.objectContaining({ path: 'items[0].tenantId', rule: 'unknownField' }),
    );
    const after = await system.db.query('SELECT count(*)::int AS n FROM feedback');
    expect(after.rows[0]).toEqual(before.rows[0]);
    expect(
      (await send('GET', `/v1/experiments/${a.draft}`, { key: system.adminKey })).body,
    ).toMatchObject({ state: 'draft', version: 1 });
  });
});

describe('CORS', () => {
  it('answers no preflight with permissive headers, nor a cross-origin request', async () => {
    for (const path of ['/v1/feedback', '/v1/metrics', '/v1/health', '/v1/admin/queues']) {
      const preflight = await fetch(new URL(path, system.url), {
        method: 'OPTIONS',
        headers: {
          origin: 'https://evil.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        },
      });
      await preflight.arrayBuffer();
      expect(preflight.status, path).toBeGreaterThanOrEqual(400);
      const simple = await fetch(new URL(path, system.url), {
        headers: { origin: 'https://evil.example', authorization: `Bearer ${system.userKey}` },
      });
      await simple.arrayBuffer();
      for (const answer of [preflight, simple]) {
        const cors = [...answer.headers.keys()].filter((name) =>
          name.startsWith('access-control-'),
        );
        expect(cors, path).toEqual([]);
      }
    }
  });
});

describe('error bodies', () => {
  it('never carry a stack trace or SQL, whatever was asked above or here', async () => {
    // A few more refusals of kinds not met above: bad JSON, a wrong type, a bad cursor.
    await send('POST', '/v1/feedback', { key: b.user, body: '{"proposalId": ' });
    await send('POST', '/v1/feedback', { key: b.user, body: { ...feedback(), confidence: 'x' } });
    await send('GET', '/v1/training-data?cursor=MjAyNC0wMi0zMFQwMDowMDowMC4wMDAwMDBafA', {
      key: b.admin,
    });
    await send('GET', "/v1/feedback/1'%20OR%20'1'='1", { key: b.user });
    await send('GET', '/v1/metrics?from=1e999', { key: b.user });
    expect(errorBodies.length).toBeGreaterThan(30);
    const leaks = errorBodies.filter(({ body }) =>
      [
        // Stack frames, file positions, module paths.
        /\bat [\w.<>$]+ \(|\n\s+at |\.[cm]?[jt]s:\d+|node_modules|webpack:/,
        // SQL, our schema's names, PostgreSQL's own messages.
        /\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM)\b|tenant_id|received_at|SQLSTATE/i,
        /syntax error|violates|relation "|column "|duplicate key|out of range/i,
      ].some((pattern) => pattern.test(body.replace(/"instance":"[^"]*"/, ''))),
    );
    expect(leaks).toEqual([]);
  });
});
