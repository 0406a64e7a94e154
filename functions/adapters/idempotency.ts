import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyValidationError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Context } from 'aws-lambda';
import { ConflictError, DependencyUnavailableError, ValidationError } from '#core/errors';
import { isAwsUnavailable } from './aws-unavailable';
import { dynamoDbClient } from './dynamodb';

/** What identifies a retry: the caller's key, the route and the Idempotency-Key header. */
export interface IdempotentRequest {
  key: string;
  /** The parsed body: a retry must carry the same one (key order does not matter). */
  body: unknown;
}

const RECORD_LIFETIME_SECONDS = 24 * 60 * 60;

/**
 * Replays the first answer to a request repeated with the same Idempotency-Key (records
 * in DynamoDB, via Powertools). A different body under the same key is a 422; a repeat
 * while the first is still running is a 409. Failed requests leave no record, so they
 * can be retried. PostgreSQL's one-decision-per-proposal constraint stays the last guard.
 */
export function createIdempotentRunner(tableName: string) {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: 'key',
    payloadValidationJmesPath: 'body',
    expiresAfterSeconds: RECORD_LIFETIME_SECONDS,
    throwOnNoIdempotencyKey: true,
  });
  const persistenceStore = new DynamoDBPersistenceLayer({
    tableName,
    awsSdkV3Client: dynamoDbClient,
  });
  const run = makeIdempotent(
    async <R>(_request: IdempotentRequest, work: () => Promise<R>): Promise<R> => work(),
    { persistenceStore, config },
  );

  return async <R>(
    request: IdempotentRequest,
    context: Context,
    work: () => Promise<R>,
  ): Promise<R> => {
    // A request that dies mid-way frees its key when its invocation's time runs out.
    config.registerLambdaContext(context);
    try {
      return (await run(request, work)) as R;
    } catch (error) {
      throw translateIdempotencyError(error);
    }
  };
}

/**
 * Powertools' errors as the API answers them. Only a record store that is really
 * unavailable is a 503: Powertools wraps whatever fails while it saves a record (hashing
 * the body included) as a persistence error, and a client told to retry a request that
 * can never succeed would retry forever; those stay errors (a 500, and logged).
 */
export function translateIdempotencyError(error: unknown): unknown {
  if (error instanceof IdempotencyValidationError) {
    return new ValidationError('This Idempotency-Key was used with a different body', {
      cause: error,
      errors: [
        {
          path: 'Idempotency-Key',
          rule: 'sameBodyPerKey',
          message: 'was already used with a different body',
        },
      ],
    });
  }
  if (error instanceof IdempotencyAlreadyInProgressError) {
    return new ConflictError(
      'A request with this Idempotency-Key is still in progress; retry shortly',
      {
        cause: error,
      },
    );
  }
  if (isAwsUnavailable(error)) {
    return new DependencyUnavailableError('Idempotency records are unavailable; retry later', {
      cause: error,
    });
  }
  return error;
}
