import type * as z from 'zod';
import type { fieldErrorSchema } from './contract/problem';
import { limitFieldErrors, MAX_FIELD_ERRORS_PER_ANSWER } from './field-errors';

/** One broken rule of a request: where it is, which rule, and what to do about it. */
export type FieldError = z.infer<typeof fieldErrorSchema>;

/**
 * The errors core and adapters raise. Each knows its HTTP status so the one error
 * boundary can map it; only these reach a client with their message. However many field
 * errors a request earned, one carries at most MAX_FIELD_ERRORS_PER_ANSWER of them and
 * counts the rest (`omittedErrors`, with those its producer already left out), so no
 * input can make an answer too large to send.
 */
export abstract class ProblemError extends Error {
  abstract readonly status: number;
  abstract readonly title: string;
  readonly errors: FieldError[];
  readonly omittedErrors: number;

  constructor(
    message: string,
    options: { cause?: unknown; errors?: readonly FieldError[]; omittedErrors?: number } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    const listed = limitFieldErrors(options.errors ?? [], MAX_FIELD_ERRORS_PER_ANSWER);
    this.errors = listed.errors;
    this.omittedErrors = listed.omitted + (options.omittedErrors ?? 0);
  }
}

export class BadRequestError extends ProblemError {
  readonly status = 400;
  readonly title = 'Bad Request';
}

export class UnauthorizedError extends ProblemError {
  readonly status = 401;
  readonly title = 'Unauthorized';
}

export class ForbiddenError extends ProblemError {
  readonly status = 403;
  readonly title = 'Forbidden';
}

export class NotFoundError extends ProblemError {
  readonly status = 404;
  readonly title = 'Not Found';
}

export class ConflictError extends ProblemError {
  readonly status = 409;
  readonly title = 'Conflict';
}

export class PayloadTooLargeError extends ProblemError {
  readonly status = 413;
  readonly title = 'Payload Too Large';
}

export class UnsupportedMediaTypeError extends ProblemError {
  readonly status = 415;
  readonly title = 'Unsupported Media Type';
}

export class ValidationError extends ProblemError {
  readonly status = 422;
  readonly title = 'Unprocessable Content';
}

/** A key has spent its quota: the rate limiter adds Retry-After and the RateLimit fields. */
export class TooManyRequestsError extends ProblemError {
  readonly status = 429;
  readonly title = 'Too Many Requests';
}

/** A dependency (PostgreSQL, SQS, ...) cannot be reached: the client should retry later. */
export class DependencyUnavailableError extends ProblemError {
  readonly status = 503;
  readonly title = 'Service Unavailable';
}
