import { checkDatabase } from '#adapters/backlog';
import { readQueueDepth } from '#adapters/queue-operations';
import { required } from '#config';
import { buildOpenApiDocument, type OpenApiDocument } from '#core/contract/openapi';
import type { Health } from '#core/contract/operations-contract';
import { DependencyUnavailableError } from '#core/errors';
import { createApiHandler } from '#http/create-api-handler';

// The routes anyone may call, without a key, in a function of their own: a flood of them
// takes this function's few instances, never those that serve keyed (and admin) routes.
const queueUrl = required('FEEDBACK_QUEUE_URL');
// Built on first request, not at cold start: health checks need not wait for it.
let openApiDocument: OpenApiDocument | undefined;

async function health() {
  try {
    await Promise.all([checkDatabase(), readQueueDepth(queueUrl)]);
  } catch (error) {
    throw new DependencyUnavailableError('Not ready: a dependency is unreachable', {
      cause: error,
    });
  }
  return { status: 200, body: { status: 'ok' } satisfies Health };
}

async function openApi() {
  openApiDocument ??= buildOpenApiDocument();
  return { status: 200, body: openApiDocument };
}

export const handler = createApiHandler({
  'GET /v1/health': { scope: 'public', handle: health },
  'GET /v1/openapi.json': { scope: 'public', handle: openApi },
});
