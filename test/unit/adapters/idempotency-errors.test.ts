import {
  IdempotencyAlreadyInProgressError,
  IdempotencyPersistenceLayerError,
  IdempotencyValidationError,
} from '@aws-lambda-powertools/idempotency';
import { describe, expect, it } from 'vitest';
import { isAwsUnavailable } from '#adapters/aws-unavailable';
import { translateIdempotencyError } from '#adapters/idempotency';
import { ConflictError, DependencyUnavailableError, ValidationError } from '#core/errors';

/** An error as the AWS SDK throws it for a DynamoDB answer. */
const serviceError = (name: string, fault: 'client' | 'server') =>
  Object.assign(new Error(name), { name, $fault: fault, $metadata: { httpStatusCode: 400 } });
const refused = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
    code: 'ECONNREFUSED',
  });
const persistence = (cause: unknown) =>
  new IdempotencyPersistenceLayerError('Failed to save in progress record', { cause });

describe('translateIdempotencyError', () => {
  it.each([
    ['a server fault', serviceError('InternalServerError', 'server')],
    ['throttling', serviceError('ProvisionedThroughputExceededException', 'client')],
    ['a refused connection', refused()],
    ['a timeout', Object.assign(new Error('timed out'), { name: 'TimeoutError' })],
  ])('answers 503 when the record store is unavailable: %s', (_case, cause) => {
    expect(translateIdempotencyError(persistence(cause))).toBeInstanceOf(
      DependencyUnavailableError,
    );
  });

  it.each([
    ['a stack overflow while hashing the body', new RangeError('Maximum call stack size exceeded')],
    ['a record too large to store', serviceError('ValidationException', 'client')],
    ['a missing table', serviceError('ResourceNotFoundException', 'client')],
  ])('does not ask a client to retry what cannot succeed: %s', (_case, cause) => {
    const error = persistence(cause);

    expect(translateIdempotencyError(error)).toBe(error);
  });

  it('answers a reused key with another body 422 and a request still running 409', () => {
    expect(translateIdempotencyError(new IdempotencyValidationError('x'))).toBeInstanceOf(
      ValidationError,
    );
    expect(translateIdempotencyError(new IdempotencyAlreadyInProgressError('x'))).toBeInstanceOf(
      ConflictError,
    );
  });
});

describe('isAwsUnavailable', () => {
  it('looks through wrappers to the cause, a few levels deep', () => {
    const wrapped = new Error('outer', { cause: new Error('middle', { cause: refused() }) });

    expect(isAwsUnavailable(wrapped)).toBe(true);
    expect(isAwsUnavailable(new Error('a bug'))).toBe(false);
    expect(isAwsUnavailable('not an error')).toBe(false);
  });
});
