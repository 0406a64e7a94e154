import { checkDatabase, readLearningBacklog } from '#adapters/backlog';
import { readQueueDepth, redriveMessages } from '#adapters/queue-operations';
import { required } from '#config';
import { buildOpenApiDocument, type OpenApiDocument } from '#core/contract/openapi';
import {
  type Health,
  type QueuesReport,
  REDRIVE_LIMIT,
  type RedriveResult,
} from '#core/contract/operations-contract';
import { DependencyUnavailableError } from '#core/errors';
import { createApiHandler } from '#http/create-api-handler';

const queueUrl = required('FEEDBACK_QUEUE_URL');
const deadLetterQueueUrl = required('FEEDBACK_DLQ_URL');
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

async function queues() {
  const [feedback, deadLetters, backlog] = await Promise.all([
    readQueueDepth(queueUrl),
    readQueueDepth(deadLetterQueueUrl),
    readLearningBacklog(),
  ]);
  const ageSeconds = (at: Date | null) =>
    at ? Math.max(0, (Date.now() - at.getTime()) / 1000) : null;
  return {
    status: 200,
    body: {
      feedbackQueue: {
        ...feedback,
        unlearnedFeedback: backlog.unlearned,
        oldestMessageAgeSeconds: ageSeconds(backlog.oldestUnlearnedAt),
      },
      deadLetterQueue: deadLetters,
    } satisfies QueuesReport,
  };
}

async function redrive() {
  const moved = await redriveMessages(deadLetterQueueUrl, queueUrl, REDRIVE_LIMIT);
  const remaining = await readQueueDepth(deadLetterQueueUrl);
  return {
    status: 202,
    body: { moved, remaining: remaining.visible + remaining.inFlight } satisfies RedriveResult,
  };
}

async function openApi() {
  openApiDocument ??= buildOpenApiDocument();
  return { status: 200, body: openApiDocument };
}

export const handler = createApiHandler({
  'GET /v1/health': { scope: 'public', handle: health },
  'GET /v1/openapi.json': { scope: 'public', handle: openApi },
  'GET /v1/admin/queues': { scope: 'admin', handle: queues },
  'POST /v1/admin/dlq/redrive': { scope: 'admin', handle: redrive },
});
