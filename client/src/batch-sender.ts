import type { FieldError } from './field-errors.js';
import type { components } from './generated/api.js';
import { type Answer, FeedbackApiError, type HttpOptions, request } from './http.js';

export type ItemResult = components['schemas']['ItemResult'];
type BatchResult = components['schemas']['BatchResult'];

/** What one attempt at sending a batch came to. */
export type BatchOutcome =
  /** A result per item (202). */
  | { kind: 'answered'; results: ItemResult[]; answer: Answer }
  /** 422, no item valid: each item rejected, with the errors the answer listed for it. */
  | { kind: 'allRejected'; errorsByIndex: Map<number, FieldError[]>; answer: Answer }
  /** Worth sending again, the same body under the same key. */
  | { kind: 'retry'; error: Error; answer: Answer | undefined }
  /** The batch can never pass as it is (a revoked key, say): retrying would not help. */
  | { kind: 'failed'; error: Error; answer: Answer | undefined };

/**
 * Statuses worth a retry of the same request: rate limited (429), unavailable (503),
 * timeouts on the way (408, 502, 504), 409, which on this route means the first request
 * with this Idempotency-Key is still running, and 500: the gateway answers it when a
 * function instance crashed or timed out at start, which the next instance does not. The
 * API's own 500s are for requests that cannot succeed; retried, they cost `maxRetries`
 * attempts before the batch is dropped, and the same key makes every attempt harmless.
 */
const RETRYABLE = new Set([408, 409, 425, 429, 500, 502, 503, 504]);

/** One attempt: POST /v1/feedback/batch with the batch's own Idempotency-Key. */
export async function sendBatch(
  http: HttpOptions,
  batch: { body: string; key: string; size: number },
  signal: AbortSignal,
): Promise<BatchOutcome> {
  let answer: Answer;
  try {
    answer = await request(http, 'POST', 'v1/feedback/batch', {
      body: batch.body,
      headers: { 'idempotency-key': batch.key },
      signal,
    });
  } catch (error) {
    // Network errors and timeouts: the request may or may not have been stored, which the
    // same key and body make harmless to find out by sending it again.
    return { kind: 'retry', error: asError(error), answer: undefined };
  }
  return classify(answer, batch.size);
}

export function classify(answer: Answer, size: number): BatchOutcome {
  if (answer.status === 202) {
    const results = readResults(answer.body, size);
    if (results) return { kind: 'answered', results, answer };
    return {
      kind: 'retry',
      error: new Error('The batch was answered 202 without a result per item'),
      answer,
    };
  }
  const error = new FeedbackApiError(answer, 'POST /v1/feedback/batch');
  if (RETRYABLE.has(answer.status)) return { kind: 'retry', error, answer };
  if (answer.status === 422 && error.problem?.errors?.some((e) => ITEM_PATH.test(e.path))) {
    return { kind: 'allRejected', errorsByIndex: errorsByItem(error.problem.errors), answer };
  }
  return { kind: 'failed', error, answer };
}

const ITEM_PATH = /^items\[(\d+)\]/;

function errorsByItem(errors: readonly FieldError[]): Map<number, FieldError[]> {
  const byIndex = new Map<number, FieldError[]>();
  for (const error of errors) {
    const match = ITEM_PATH.exec(error.path);
    if (!match) continue;
    const index = Number(match[1]);
    byIndex.set(index, [...(byIndex.get(index) ?? []), error]);
  }
  return byIndex;
}

function readResults(body: unknown, size: number): ItemResult[] | undefined {
  const results = (body as Partial<BatchResult> | null)?.results;
  if (!Array.isArray(results) || results.length !== size) return undefined;
  const byIndex: (ItemResult | undefined)[] = new Array(size).fill(undefined);
  for (const result of results) {
    const index = result?.index;
    if (typeof index !== 'number' || byIndex[index] !== undefined) return undefined;
    if (index < 0 || index >= size) return undefined;
    byIndex[index] = result;
  }
  return byIndex as ItemResult[];
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
