import { mintApiKey } from '../../../functions/core/api-key';
import { createApiKey, registerApiKey, revokeApiKey } from '../../../local/api-keys';
import type { TestSystem } from '../support/system';
import type { FuzzOperation } from './api-document';
import { RECENT } from './ledger';
import type { BodySpec, FuzzRequest } from './requests';
import type { FuzzWorld } from './world';

export const OTHER_TENANT = 'fuzz-other';
const ABSENT_UUID = '00000000-0000-4000-8000-000000000000';

type Run = (
  request: FuzzRequest,
  world: FuzzWorld,
) => Promise<{ status: number; text: string; headers: Headers }>;

/**
 * Builds what the fuzz attacks, through the API itself (so that every row it makes is
 * accounted for like the fuzz's own): feedback of two tenants, learned; training jobs;
 * experiments in each state; a training-data cursor; and a key of every kind.
 */
export async function buildWorld(
  system: TestSystem,
  operations: readonly FuzzOperation[],
  run: Run,
): Promise<FuzzWorld> {
  const minted = mintApiKey('user');
  const revoked = await createApiKey(system.databaseUrl, 'user');
  await revokeApiKey(system.databaseUrl, revoked.id);
  const bearer = (key: string) => `Bearer ${key}`;
  const world: FuzzWorld = {
    credentials: {
      none: undefined,
      user: bearer(system.userKey),
      admin: bearer(system.adminKey),
      operator: bearer(await registerApiKey(system.databaseUrl, 'operator')),
      otherUser: bearer(
        await registerApiKey(system.databaseUrl, 'user', { tenantId: OTHER_TENANT }),
      ),
      otherAdmin: bearer(
        await registerApiKey(system.databaseUrl, 'admin', { tenantId: OTHER_TENANT }),
      ),
      malformed: 'Bearer not a key!',
      badChecksum: bearer(`${minted.slice(0, -1)}${minted.endsWith('A') ? 'B' : 'A'}`),
      unknown: bearer(minted),
      revoked: bearer(revoked.key),
      basic: 'Basic dXNlcjpwYXNzd29yZA==',
      emptyBearer: 'Bearer ',
    },
    // `@recent` (twice: weight) stands for an id the fuzz itself created, resolved when sent.
    feedbackIds: [ABSENT_UUID, RECENT, RECENT],
    jobIds: [ABSENT_UUID, RECENT, RECENT],
    experimentIds: ['no-such-experiment', RECENT, RECENT],
    modelVersions: ['v1', 'v2', 'v3', 'never-used'],
    userIds: ['user-1', 'user-2', 'user-3', "'; DROP TABLE feedback; --", 'nobody'],
    cursors: [],
  };

  const call = async (
    operationId: string,
    credential: string,
    options: { path?: Record<string, string>; query?: string; body?: unknown } = {},
  ) => {
    const operation = operations.find((o) => o.operationId === operationId);
    if (!operation) throw new Error(`No operation ${operationId}`);
    let target = operation.path;
    for (const [name, value] of Object.entries(options.path ?? {})) {
      target = target.replace(`{${name}}`, encodeURIComponent(value));
    }
    const body: BodySpec | undefined =
      options.body === undefined ? undefined : { json: options.body };
    const answer = await run(
      {
        operation,
        kind: 'fixture',
        detail: operationId,
        credential,
        target: options.query ? `${target}?${options.query}` : target,
        headers: body ? { 'content-type': 'application/json' } : {},
        ...(body ? { body } : {}),
      },
      world,
    );
    if (answer.status >= 300)
      throw new Error(`fixture ${operationId}: ${answer.status} ${answer.text}`);
    const json = answer.headers.get('content-type') === 'application/json';
    return {
      body: (json ? JSON.parse(answer.text) : {}) as Record<string, unknown>,
      headers: answer.headers,
    };
  };

  const decisions = (tenant: string, count: number) =>
    Array.from({ length: count }, (_, i) => ({
      proposalId: `fixture-${tenant}-${i}`,
      originalFilename: `IMG_${4000 + i}.JPG`,
      proposedFilename: `2024-06-0${(i % 9) + 1}_beach trip.jpg`,
      ...(i % 3 === 2
        ? { action: 'modified', userFilename: `2024-06-0${(i % 9) + 1}_beach_trip.jpg` }
        : { action: i % 3 === 0 ? 'approved' : 'rejected' }),
      confidence: (i % 10) / 10,
      modelVersion: i % 2 === 0 ? 'v1' : 'v2',
      userId: world.userIds[i % 4] ?? 'user-1',
    }));
  for (const [credential, tenant, count] of [
    ['user', 'own', 30],
    ['otherUser', 'other', 3],
  ] as const) {
    const { body } = await call('submitFeedbackBatch', credential, {
      body: { items: decisions(tenant, count) },
    });
    const ids = (body.results as { id: string }[]).map((r) => r.id);
    world.feedbackIds.push(...ids.slice(0, 4));
  }
  await system.emulator.drain();

  for (const [credential, modelVersion] of [
    ['admin', 'v1'],
    ['admin', 'v2'],
    ['otherAdmin', 'v1'],
  ] as const) {
    const { body } = await call('forceRetraining', credential, { body: { modelVersion } });
    world.jobIds.push(String(body.id));
  }

  const experiment = async (credential: string, actions: string[]) => {
    const { body } = await call('createExperiment', credential, {
      body: {
        name: `fixture ${actions.join(' ') || 'draft'}`,
        variants: [
          { key: 'control', modelVersion: 'v1', weight: 0.5 },
          { key: 'treatment', modelVersion: 'v2', weight: 0.5 },
        ],
        minimumDetectableEffect: 0.05,
      },
    });
    const id = String(body.experimentId);
    for (const action of actions) {
      await call(`${action}Experiment`, credential, {
        path: { id },
        ...(action === 'conclude' ? { body: {} } : {}),
      });
    }
    world.experimentIds.push(id);
  };
  for (const actions of [
    [],
    ['start'],
    ['start'],
    ['start', 'pause'],
    ['start', 'conclude'],
    ['cancel'],
  ]) {
    await experiment('admin', actions);
  }
  await experiment('otherAdmin', ['start']);
  const listed = await call('listExperiments', 'admin', { query: 'limit=2' });
  const experimentCursor = listed.headers.get('x-next-cursor');
  if (experimentCursor) world.cursors.push(experimentCursor);

  for (const [credential, query] of [
    ['admin', 'limit=2'],
    ['admin', 'limit=1&modelVersion=v1'],
    ['otherAdmin', 'limit=1'],
  ] as const) {
    const { headers } = await call('exportTrainingData', credential, { query });
    const cursor = headers.get('x-next-cursor');
    if (cursor) world.cursors.push(cursor);
  }
  return world;
}
