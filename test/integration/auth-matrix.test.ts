import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApiKey, revokeApiKey } from '../../local/api-keys';
import { call, feedback } from './support/client';
import { startSystem, type TestSystem } from './support/system';
import { templateRouteKeys } from './support/template-routes';

let system: TestSystem;
let credentials: Record<string, string | undefined>;
let ownFeedbackId: string;
let trainingJobId: string;
/** A user key of the default tenant, for its admin to revoke. */
let revocableKeyId: string;
/** An experiment per route that changes one, each in the state the route leaves from. */
let experimentFor: Record<string, string>;

beforeAll(async () => {
  system = await startSystem('auth');
  const revoked = await createApiKey(system.databaseUrl, 'user', { tenantId: 'default' });
  await revokeApiKey(system.databaseUrl, revoked.id);
  const minted = (await createApiKey(system.databaseUrl, 'user', { tenantId: 'default' })).key;
  const typo = `${minted.slice(0, 12)}${minted[12] === 'A' ? 'B' : 'A'}${minted.slice(13)}`;
  credentials = {
    'no key': undefined,
    malformed: 'not a key!',
    'bad checksum': typo,
    unknown: 'rf_user_000000000000000000000000000000000000',
    revoked: revoked.key,
    user: system.userKey,
    admin: system.adminKey,
    operator: system.operatorKey,
    'other tenant': (await createApiKey(system.databaseUrl, 'user', { tenantId: 'tenant-b' })).key,
    'other tenant admin': (
      await createApiKey(system.databaseUrl, 'admin', { tenantId: 'tenant-b' })
    ).key,
  };
  revocableKeyId = (await createApiKey(system.databaseUrl, 'user', { tenantId: 'default' })).id;
  const stored = await call(system.url, 'POST', '/v1/feedback', {
    key: system.userKey,
    body: feedback(),
  });
  ownFeedbackId = String(stored.body.id);
  // Learned, so that its model version has a calibration to read.
  await system.emulator.drain();
  const job = await call(system.url, 'POST', '/v1/learning/retrain', {
    key: system.adminKey,
    body: { modelVersion: feedback().modelVersion },
  });
  trainingJobId = String(job.body.id);
  experimentFor = await prepareExperiments(system);
});
afterAll(async () => {
  await system?.stop();
});

/** Experiments of the default tenant for the experiment routes, and a promoted default model. */
async function prepareExperiments(target: TestSystem): Promise<Record<string, string>> {
  const admin = (method: string, path: string, body?: unknown) =>
    call(target.url, method, path, { key: target.adminKey, body });
  const experiment = async (...actions: string[]) => {
    const created = await admin('POST', '/v1/experiments', {
      name: 'matrix',
      variants: [
        { key: 'control', modelVersion: 'v1', weight: 0.5 },
        { key: 'treatment', modelVersion: 'v2', weight: 0.5 },
      ],
      minimumDetectableEffect: 0.05,
    });
    const id = String(created.body.experimentId);
    for (const action of actions) {
      const body = action === 'conclude' ? { winner: 'treatment', promote: true } : undefined;
      await admin('POST', `/v1/experiments/${id}/${action}`, body);
    }
    return id;
  };
  await experiment('start', 'conclude');
  return {
    'POST /v1/experiments/{id}/start': await experiment(),
    'POST /v1/experiments/{id}/pause': await experiment('start'),
    'POST /v1/experiments/{id}/resume': await experiment('start', 'pause'),
    'POST /v1/experiments/{id}/conclude': await experiment('start'),
    'POST /v1/experiments/{id}/cancel': await experiment(),
    'PATCH /v1/experiments/{id}': await experiment(),
    other: await experiment('start'),
  };
}

type Kind = 'public' | 'user' | 'admin' | 'operator';
const KIND: Record<string, Kind> = {
  'GET /v1/health': 'public',
  'GET /v1/openapi.json': 'public',
  'POST /v1/feedback': 'user',
  'POST /v1/feedback/batch': 'user',
  'GET /v1/metrics': 'user',
  'GET /v1/feedback/{id}': 'user',
  'GET /v1/models/{modelVersion}/calibration': 'user',
  'POST /v1/models/{modelVersion}/calibrate': 'user',
  'GET /v1/users/{userId}/preferences': 'user',
  'POST /v1/users/{userId}/preferences/apply': 'user',
  'GET /v1/admin/queues': 'operator',
  'POST /v1/admin/dlq/redrive': 'operator',
  'GET /v1/training-data': 'admin',
  'GET /v1/learning/status': 'admin',
  'POST /v1/learning/retrain': 'admin',
  'POST /v1/learning/jobs/{id}/complete': 'admin',
  'POST /v1/experiments': 'admin',
  'GET /v1/experiments': 'admin',
  'GET /v1/experiments/sample-size': 'admin',
  'GET /v1/experiments/{id}': 'admin',
  'PATCH /v1/experiments/{id}': 'admin',
  'POST /v1/experiments/{id}/start': 'admin',
  'POST /v1/experiments/{id}/pause': 'admin',
  'POST /v1/experiments/{id}/resume': 'admin',
  'POST /v1/experiments/{id}/conclude': 'admin',
  'POST /v1/experiments/{id}/cancel': 'admin',
  'GET /v1/experiments/{id}/results': 'admin',
  'GET /v1/experiments/{id}/assignment': 'user',
  'GET /v1/assignments': 'user',
  'GET /v1/models/default': 'user',
  'POST /v1/keys': 'admin',
  'GET /v1/keys': 'admin',
  'DELETE /v1/keys/{id}': 'admin',
  'POST /v1/admin/tenants/{tenantId}/keys': 'operator',
};

function expectedStatus(routeKey: string, credential: string): number {
  const kind = KIND[routeKey];
  if (kind === undefined) throw new Error(`No expectation for ${routeKey}: add it to the matrix`);
  const success =
    routeKey.startsWith('POST /v1/feedback') ||
    routeKey.includes('redrive') ||
    routeKey === 'POST /v1/learning/retrain'
      ? 202
      : routeKey.startsWith('POST ') && routeKey.endsWith('/keys')
        ? 201
        : 200;
  if (kind === 'public') return success;
  if (['no key', 'malformed', 'bad checksum', 'unknown', 'revoked'].includes(credential))
    return 401;
  // Queues are shared by every tenant: operator keys only. An operator key has no tenant:
  // every tenant route refuses it.
  if (kind === 'operator') return credential === 'operator' ? success : 403;
  if (credential === 'operator') return 403;
  if (kind === 'admin') {
    if (credential !== 'admin' && credential !== 'other tenant admin') return 403;
    return adminSuccess(routeKey, credential, success);
  }
  if (credential === 'other tenant admin') return userSuccess(routeKey, 'other tenant', success);
  return userSuccess(routeKey, credential, success);
}

/**
 * An admin route for an admin of either tenant: another tenant's admin meets the default
 * tenant's experiment and training job as if they did not exist.
 */
function adminSuccess(routeKey: string, credential: string, success: number): number {
  if (routeKey === 'POST /v1/experiments') return 201;
  // The default tenant's key: another tenant's admin finds no such key.
  if (routeKey === 'DELETE /v1/keys/{id}') return credential === 'admin' ? 204 : 404;
  if (credential === 'other tenant admin') {
    if (routeKey.startsWith('POST /v1/experiments/{id}')) return 404;
    if (routeKey.startsWith('PATCH /v1/experiments/{id}')) return 404;
    if (routeKey.startsWith('GET /v1/experiments/{id}')) return 404;
    if (routeKey === 'POST /v1/learning/jobs/{id}/complete') return 404;
    // Its tenant has learned nothing of this model version.
    if (routeKey === 'POST /v1/learning/retrain') return 404;
  }
  return success;
}

function userSuccess(routeKey: string, credential: string, success: number): number {
  // Another tenant's key must not see this tenant's feedback: as if it did not exist.
  if (routeKey === 'GET /v1/feedback/{id}' && credential === 'other tenant') return 404;
  if (routeKey.includes('/v1/models/{modelVersion}/') && credential === 'other tenant') return 404;
  // The experiment and the promoted default model are the default tenant's.
  if (routeKey === 'GET /v1/experiments/{id}/assignment' && credential === 'other tenant')
    return 404;
  if (routeKey === 'GET /v1/models/default' && credential === 'other tenant') return 404;
  return success;
}

const MATRIX_WRITES = { modelVersion: 'matrix-writes' };

function requestFor(routeKey: string): { method: string; path: string; body?: unknown } {
  const [method = '', template = ''] = routeKey.split(' ');
  if (template.startsWith('/v1/experiments/{id}')) {
    const id = experimentFor[routeKey] ?? experimentFor.other ?? '';
    const path = template.replace('{id}', id);
    if (routeKey === 'PATCH /v1/experiments/{id}') return { method, path, body: { name: 'x' } };
    if (routeKey.endsWith('/conclude')) return { method, path, body: {} };
    if (routeKey.endsWith('/assignment')) return { method, path: `${path}?userId=user-1` };
    return { method, path };
  }
  if (routeKey === 'POST /v1/experiments')
    return {
      method,
      path: template,
      body: {
        name: 'matrix',
        variants: [
          { key: 'a', modelVersion: 'v1', weight: 0.5 },
          { key: 'b', modelVersion: 'v2', weight: 0.5 },
        ],
        minimumDetectableEffect: 0.05,
      },
    };
  if (routeKey === 'GET /v1/experiments/sample-size')
    return { method, path: `${template}?baseline=0.2&mde=0.05` };
  if (routeKey === 'GET /v1/assignments') return { method, path: `${template}?userId=user-1` };
  if (routeKey === 'DELETE /v1/keys/{id}')
    return { method, path: template.replace('{id}', revocableKeyId) };
  if (routeKey === 'POST /v1/keys') return { method, path: template, body: { scope: 'user' } };
  if (routeKey === 'POST /v1/admin/tenants/{tenantId}/keys')
    return {
      method,
      path: template.replace('{tenantId}', 'matrix-tenant'),
      body: { scope: 'admin' },
    };
  const path = template
    .replace('{id}', ownFeedbackId)
    .replace('{modelVersion}', String(feedback().modelVersion))
    .replace('{userId}', 'user-1');
  // Writes go to a model version of their own: the other tenant must never gain samples of
  // the model version whose calibration the matrix reads (it must see a 404 there).
  if (routeKey === 'POST /v1/feedback') return { method, path, body: feedback(MATRIX_WRITES) };
  if (routeKey === 'POST /v1/feedback/batch')
    return { method, path, body: { items: [feedback(MATRIX_WRITES)] } };
  if (routeKey === 'POST /v1/models/{modelVersion}/calibrate')
    return { method, path, body: { confidences: [0.5] } };
  if (routeKey === 'POST /v1/users/{userId}/preferences/apply')
    return { method, path, body: { filename: 'IMG_4032.JPG' } };
  if (routeKey === 'POST /v1/learning/retrain')
    return { method, path, body: { modelVersion: feedback().modelVersion } };
  if (routeKey === 'POST /v1/learning/jobs/{id}/complete')
    return {
      method,
      path: template.replace('{id}', trainingJobId),
      body: { newModelVersion: 'v1-retrained', evaluation: { accuracy: 0.9 } },
    };
  return { method, path };
}

describe('the auth matrix', () => {
  it('answers every route x credential as expected, with zero mismatches', async () => {
    const routes = await templateRouteKeys(inject('assemblyDir'));
    expect(routes.length).toBeGreaterThan(0);
    const mismatches: string[] = [];
    let checked = 0;
    for (const routeKey of routes) {
      for (const [credential, key] of Object.entries(credentials)) {
        const { method, path, body } = requestFor(routeKey);
        const answer = await call(system.url, method, path, { key, body });
        const expected = expectedStatus(routeKey, credential);
        checked += 1;
        if (answer.status !== expected) {
          mismatches.push(`${routeKey} with ${credential}: ${answer.status}, expected ${expected}`);
        }
      }
    }
    console.log(`auth matrix: ${checked} cases, ${mismatches.length} mismatches`);
    expect(mismatches).toEqual([]);
  });

  it('keeps each tenant to its own metrics', async () => {
    const other = credentials['other tenant'];
    await call(system.url, 'POST', '/v1/feedback', {
      key: other,
      body: feedback({ modelVersion: 'tenant-b-only' }),
    });
    await system.emulator.drain();
    const seenByOwner = await call(system.url, 'GET', '/v1/metrics?modelVersion=tenant-b-only', {
      key: other,
    });
    const seenByDefault = await call(system.url, 'GET', '/v1/metrics?modelVersion=tenant-b-only', {
      key: system.userKey,
    });
    expect(seenByOwner.body.total).toBe(1);
    expect(seenByDefault.body.total).toBe(0);
  });

  it('stops a revoked key within 5 seconds, also where it was cached', async () => {
    const { id, key } = await createApiKey(system.databaseUrl, 'user', { tenantId: 'default' });
    expect((await call(system.url, 'GET', '/v1/metrics', { key })).status).toBe(200);
    await revokeApiKey(system.databaseUrl, id);
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    expect((await call(system.url, 'GET', '/v1/metrics', { key })).status).toBe(401);
  });
});
