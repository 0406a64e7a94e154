import { readLearningBacklog } from '#adapters/backlog';
import { cursorSigningKey } from '#adapters/cursor-key';
import { readQueueDepth, redriveMessages } from '#adapters/queue-operations';
import {
  completeJob,
  createManualJob,
  publishJobsAfterCommit,
  readLearningStatus,
} from '#adapters/retraining-store';
import { tenantApiKeys } from '#adapters/tenant-api-keys';
import { readTrainingRows } from '#adapters/training-data-reader';
import { required } from '#config';
import {
  CREATE_KEY_BODY_LIMIT_BYTES,
  createTenantKey,
  listTenantKeys,
  parsePathParameter,
  revokeTenantKey,
  tenantIdSchema,
} from '#core/api-key-requests';
import type { CreatedKey, KeyList } from '#core/contract/api-keys-contract';
import {
  COMPLETE_JOB_BODY_LIMIT_BYTES,
  type LearningStatus,
  RETRAIN_BODY_LIMIT_BYTES,
} from '#core/contract/learning-contract';
import {
  type QueuesReport,
  REDRIVE_LIMIT,
  type RedriveResult,
} from '#core/contract/operations-contract';
import { NDJSON_MEDIA_TYPE, NEXT_CURSOR_HEADER } from '#core/contract/training-data-contract';
import { NotFoundError } from '#core/errors';
import { ageInSeconds } from '#core/learning-backlog';
import { parseCompleteJobRequest, parseRetrainRequest } from '#core/retraining';
import { trainingCursors } from '#core/training-cursor';
import {
  MAX_TRAINING_PAGE_BYTES,
  parseTrainingDataQuery,
  writeTrainingPage,
} from '#core/training-data';
import { createApiHandler } from '#http/create-api-handler';
import type { RouteInput } from '#http/types';

const queueUrl = required('FEEDBACK_QUEUE_URL');
const deadLetterQueueUrl = required('FEEDBACK_DLQ_URL');
const retrainQueueUrl = required('RETRAIN_QUEUE_URL');
// Checks the setting and starts reading the key at cold start; requests await the same read.
cursorSigningKey().catch(() => {});

// Operators only: the queues, and so the backlog behind them, are every tenant's.
async function queues() {
  const [feedback, deadLetters, backlog] = await Promise.all([
    readQueueDepth(queueUrl),
    readQueueDepth(deadLetterQueueUrl),
    readLearningBacklog(null),
  ]);
  return {
    status: 200,
    body: {
      feedbackQueue: {
        ...feedback,
        unlearnedFeedback: backlog.unlearned,
        oldestMessageAgeSeconds: ageInSeconds(backlog.oldestUnlearnedAt),
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

async function trainingData({ principal, query }: RouteInput) {
  if (!principal) throw new Error('Route needs a principal');
  const { cursor, ...request } = parseTrainingDataQuery(query);
  const cursors = trainingCursors(await cursorSigningKey(), {
    tenantId: principal.tenantId,
    ...request,
  });
  const after = cursor === undefined ? undefined : cursors.verify(cursor);
  const page = await writeTrainingPage(
    (max) => readTrainingRows(principal.tenantId, { ...request, after }, max),
    { limit: request.limit, maxBytes: MAX_TRAINING_PAGE_BYTES, cursorOf: cursors.sign },
  );
  const headers: Record<string, string> = {};
  if (page.nextCursor !== null) headers[NEXT_CURSOR_HEADER] = page.nextCursor;
  return { status: 200, raw: { contentType: NDJSON_MEDIA_TYPE, body: page.body }, headers };
}

async function learningStatus({ principal }: RouteInput) {
  if (!principal) throw new Error('Route needs a principal');
  const [status, backlog] = await Promise.all([
    readLearningStatus(principal.tenantId),
    readLearningBacklog(principal.tenantId),
  ]);
  const { unlearned, oldestUnlearnedAt } = backlog;
  return {
    status: 200,
    body: {
      ...status,
      backlog: {
        unlearnedFeedback: unlearned,
        oldestUnlearnedAgeSeconds: ageInSeconds(oldestUnlearnedAt),
      },
    } satisfies LearningStatus,
  };
}

async function retrain({ principal, body }: RouteInput) {
  if (!principal) throw new Error('Route needs a principal');
  const { modelVersion } = parseRetrainRequest(body);
  const job = await createManualJob(principal.tenantId, modelVersion);
  await publishJobsAfterCommit(retrainQueueUrl, [principal.tenantId]);
  return { status: 202, body: job };
}

const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function completeTrainingJob({ principal, body, event }: RouteInput) {
  if (!principal) throw new Error('Route needs a principal');
  const id = event.pathParameters?.id ?? '';
  if (!JOB_ID.test(id)) throw new NotFoundError('No training job with this id');
  const result = parseCompleteJobRequest(body);
  return { status: 200, body: await completeJob(principal.tenantId, id, result) };
}

function keyCreated(key: CreatedKey) {
  return { status: 201, body: key, headers: { location: `/v1/keys/${key.id}` } };
}

async function createKey({ principal, body }: RouteInput) {
  if (!principal) throw new Error('Route needs a principal');
  return keyCreated(await createTenantKey(tenantApiKeys, principal.tenantId, body));
}

async function listKeys({ principal }: RouteInput) {
  if (!principal) throw new Error('Route needs a principal');
  return {
    status: 200,
    body: (await listTenantKeys(tenantApiKeys, principal.tenantId)) satisfies KeyList,
  };
}

async function revokeKey({ principal, event }: RouteInput) {
  if (!principal) throw new Error('Route needs a principal');
  await revokeTenantKey(tenantApiKeys, principal.tenantId, event.pathParameters?.id);
  return { status: 204 };
}

// Operators onboard a tenant: its first admin key, from which its admins make the rest.
async function createKeyForTenant({ body, event }: RouteInput) {
  const tenantId = parsePathParameter('tenantId', tenantIdSchema, event.pathParameters?.tenantId);
  return keyCreated(await createTenantKey(tenantApiKeys, tenantId, body));
}

export const handler = createApiHandler({
  'GET /v1/admin/queues': { scope: 'operator', handle: queues },
  'POST /v1/admin/dlq/redrive': { scope: 'operator', handle: redrive },
  'GET /v1/training-data': { scope: 'admin', handle: trainingData },
  'GET /v1/learning/status': { scope: 'admin', handle: learningStatus },
  'POST /v1/learning/retrain': {
    scope: 'admin',
    maxBodyBytes: RETRAIN_BODY_LIMIT_BYTES,
    handle: retrain,
  },
  'POST /v1/learning/jobs/{id}/complete': {
    scope: 'admin',
    maxBodyBytes: COMPLETE_JOB_BODY_LIMIT_BYTES,
    handle: completeTrainingJob,
  },
  'POST /v1/keys': { scope: 'admin', maxBodyBytes: CREATE_KEY_BODY_LIMIT_BYTES, handle: createKey },
  'GET /v1/keys': { scope: 'admin', handle: listKeys },
  'DELETE /v1/keys/{id}': { scope: 'admin', handle: revokeKey },
  'POST /v1/admin/tenants/{tenantId}/keys': {
    scope: 'operator',
    maxBodyBytes: CREATE_KEY_BODY_LIMIT_BYTES,
    handle: createKeyForTenant,
  },
});
