import { randomUUID } from 'node:crypto';
import { readAlwaysValid, recordAlwaysValid } from '#adapters/experiment-always-valid-store';
import { assignPerson } from '#adapters/experiment-assignments';
import {
  readDefaultModel,
  readVariantCounts,
  writeDefaultModel,
} from '#adapters/experiment-outcomes-store';
import { dynamoExperimentStore } from '#adapters/experiment-store';
import { required } from '#config';
import { NEXT_CURSOR_HEADER } from '#core/contract/training-data-contract';
import { NotFoundError } from '#core/errors';
import { parseAssignmentQuery } from '#core/experiments/assignment';
import { EXPERIMENT_BODY_LIMIT_BYTES, type ExperimentAction } from '#core/experiments/definition';
import { computeSampleSize } from '#core/experiments/sample-size';
import {
  actOnExperiment,
  assignAll,
  assignOne,
  createExperiment,
  type ExperimentDeps,
  experimentResults,
  findExperiment,
  listExperiments,
  updateExperiment,
  viewOf,
} from '#core/experiments/service';
import { createApiHandler } from '#http/create-api-handler';
import type { RouteInput } from '#http/types';

const deps: ExperimentDeps = {
  store: dynamoExperimentStore(required('EXPERIMENTS_TABLE_NAME')),
  assign: assignPerson,
  readCounts: readVariantCounts,
  readAlwaysValid,
  recordAlwaysValid,
  writeDefaultModel,
  now: () => new Date(),
  newId: randomUUID,
};

function tenantOf(principal: RouteInput['principal']): string {
  if (!principal) throw new Error('Route needs a principal');
  return principal.tenantId;
}

const idOf = (event: RouteInput['event']) => event.pathParameters?.id;
const ifMatchOf = (event: RouteInput['event']) => event.headers['if-match'];

async function create({ principal, body }: RouteInput) {
  return { status: 201, body: viewOf(await createExperiment(deps, tenantOf(principal), body)) };
}

async function list({ principal, query }: RouteInput) {
  const page = await listExperiments(deps, tenantOf(principal), query);
  const headers: Record<string, string> = {};
  if (page.nextCursor !== null) headers[NEXT_CURSOR_HEADER] = page.nextCursor;
  return { status: 200, body: { experiments: page.experiments.map(viewOf) }, headers };
}

async function read({ principal, event }: RouteInput) {
  return {
    status: 200,
    body: viewOf(await findExperiment(deps, tenantOf(principal), idOf(event))),
  };
}

async function update({ principal, event, body }: RouteInput) {
  const updated = await updateExperiment(
    deps,
    tenantOf(principal),
    idOf(event),
    body,
    ifMatchOf(event),
  );
  return { status: 200, body: viewOf(updated) };
}

const act =
  (action: ExperimentAction) =>
  async ({ principal, event, body }: RouteInput) => {
    const moved = await actOnExperiment(
      deps,
      tenantOf(principal),
      idOf(event),
      action,
      ifMatchOf(event),
      body,
    );
    return { status: 200, body: viewOf(moved) };
  };

async function assignment({ principal, event, query }: RouteInput) {
  const userId = parseAssignmentQuery(query);
  return { status: 200, body: await assignOne(deps, tenantOf(principal), idOf(event), userId) };
}

async function assignments({ principal, query }: RouteInput) {
  const userId = parseAssignmentQuery(query);
  return {
    status: 200,
    body: { userId, assignments: await assignAll(deps, tenantOf(principal), userId) },
  };
}

async function results({ principal, event }: RouteInput) {
  return { status: 200, body: await experimentResults(deps, tenantOf(principal), idOf(event)) };
}

async function sampleSize({ query }: RouteInput) {
  return { status: 200, body: computeSampleSize(query) };
}

async function defaultModel({ principal }: RouteInput) {
  const found = await readDefaultModel(tenantOf(principal));
  if (!found) throw new NotFoundError('No default model version: no experiment promoted one');
  return { status: 200, body: found };
}

const withBody = { scope: 'admin', maxBodyBytes: EXPERIMENT_BODY_LIMIT_BYTES } as const;

export const handler = createApiHandler({
  'POST /v1/experiments': { ...withBody, handle: create },
  'GET /v1/experiments': { scope: 'admin', handle: list },
  'GET /v1/experiments/sample-size': { scope: 'admin', handle: sampleSize },
  'GET /v1/experiments/{id}': { scope: 'admin', handle: read },
  'PATCH /v1/experiments/{id}': { ...withBody, handle: update },
  'POST /v1/experiments/{id}/start': { scope: 'admin', handle: act('start') },
  'POST /v1/experiments/{id}/pause': { scope: 'admin', handle: act('pause') },
  'POST /v1/experiments/{id}/resume': { scope: 'admin', handle: act('resume') },
  'POST /v1/experiments/{id}/conclude': { ...withBody, handle: act('conclude') },
  'POST /v1/experiments/{id}/cancel': { scope: 'admin', handle: act('cancel') },
  'GET /v1/experiments/{id}/results': { scope: 'admin', handle: results },
  'GET /v1/experiments/{id}/assignment': { scope: 'user', handle: assignment },
  'GET /v1/assignments': { scope: 'user', handle: assignments },
  'GET /v1/models/default': { scope: 'user', handle: defaultModel },
});
