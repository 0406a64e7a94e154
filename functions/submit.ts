import { postgresAssignmentLookup } from '#adapters/experiment-assignments';
import { postgresFeedbackStore } from '#adapters/feedback-store';
import { createIdempotentRunner } from '#adapters/idempotency';
import { relayCommitted } from '#adapters/outbox';
import { countFeedbackOutcomes } from '#adapters/service-metrics';
import { required } from '#config';
import {
  BATCH_BODY_LIMIT_BYTES,
  FEEDBACK_BODY_LIMIT_BYTES,
} from '#core/contract/feedback-contract';
import { ConflictError, ValidationError } from '#core/errors';
import { feedbackBatchSchema } from '#core/feedback';
import { collectFieldErrors, MAX_FIELD_ERRORS_PER_ANSWER } from '#core/field-errors';
import { submitFeedback } from '#core/submit-feedback';
import { createApiHandler } from '#http/create-api-handler';
import { honourIdempotencyKey } from '#http/idempotency-key';
import type { RouteInput } from '#http/types';

const queueUrl = required('FEEDBACK_QUEUE_URL');
const idempotent = createIdempotentRunner(required('IDEMPOTENCY_TABLE_NAME'));
const deps = {
  store: postgresFeedbackStore,
  relay: { relay: (tenantId: string, ids: string[]) => relayCommitted(queueUrl, tenantId, ids) },
  assignments: postgresAssignmentLookup,
};

async function submitOne({ principal, body }: RouteInput) {
  const [result] = await submitFeedback(deps, tenantOf(principal), [body]);
  countFeedbackOutcomes(result ? [result] : []);
  if (!result) throw new Error('submitFeedback returned no result');
  if (result.status === 'rejected') {
    throw new ValidationError('The feedback is invalid', {
      errors: result.errors,
      omittedErrors: result.omittedErrors,
    });
  }
  if (result.status === 'conflict') {
    throw new ConflictError('This proposal already has a different decision', {
      errors: result.errors,
      omittedErrors: result.omittedErrors,
    });
  }
  return { status: 202, body: { id: result.id, status: result.status } };
}

async function submitBatch({ principal, body }: RouteInput) {
  const envelope = feedbackBatchSchema.safeParse(body, { reportInput: true });
  if (!envelope.success) {
    const listed = collectFieldErrors(envelope.error, '', MAX_FIELD_ERRORS_PER_ANSWER);
    throw new ValidationError('The batch is invalid', {
      errors: listed.errors,
      omittedErrors: listed.omitted,
    });
  }
  const results = await submitFeedback(
    deps,
    tenantOf(principal),
    envelope.data.items,
    (i) => `items[${i}]`,
  );
  countFeedbackOutcomes(results);
  const count = (status: string) => results.filter((r) => r.status === status).length;
  if (count('accepted') + count('duplicate') === 0) {
    // Nothing was stored: the request as a whole failed, item by item (the items' lists
    // already hold the answer's share of errors; what they left out is counted).
    const failed = results.filter((r) => 'errors' in r);
    throw new ValidationError('No item of the batch is valid', {
      errors: failed.flatMap((r) => r.errors),
      omittedErrors: failed.reduce((sum, r) => sum + r.omittedErrors, 0),
    });
  }
  return {
    status: 202,
    body: {
      accepted: count('accepted'),
      duplicates: count('duplicate'),
      rejected: count('rejected') + count('conflict'),
      results,
    },
  };
}

function tenantOf(principal: RouteInput['principal']): string {
  if (!principal) throw new Error('Route needs a principal');
  return principal.tenantId;
}

export const handler = createApiHandler({
  'POST /v1/feedback': {
    scope: 'user',
    maxBodyBytes: FEEDBACK_BODY_LIMIT_BYTES,
    handle: honourIdempotencyKey(idempotent, submitOne),
  },
  'POST /v1/feedback/batch': {
    scope: 'user',
    maxBodyBytes: BATCH_BODY_LIMIT_BYTES,
    handle: honourIdempotencyKey(idempotent, submitBatch),
  },
});
