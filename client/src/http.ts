import type { components } from './generated/api.js';
import { parseRateLimitWait, parseRetryAfter } from './server-hints.js';

export type Problem = components['schemas']['Problem'];

/** An answer of the API, its body parsed when it is JSON. */
export interface Answer {
  status: number;
  body: unknown;
  /** From `Retry-After`, in ms. */
  retryAfterMs: number | undefined;
  /** From `RateLimit` when a policy is spent: how long before another request can succeed. */
  rateLimitWaitMs: number | undefined;
}

/** The API answered with a status the call cannot use (the problem document attached). */
export class FeedbackApiError extends Error {
  override name = 'FeedbackApiError';
  readonly status: number;
  readonly problem: Problem | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(answer: Answer, what: string) {
    const problem = isProblem(answer.body) ? answer.body : undefined;
    super(`${what}: ${answer.status}${problem ? ` ${problem.detail}` : ''}`);
    this.status = answer.status;
    this.problem = problem;
    this.retryAfterMs = answer.retryAfterMs;
  }
}

export interface HttpOptions {
  baseUrl: URL;
  apiKey: string;
  timeoutMs: number;
  fetch: typeof fetch;
}

/**
 * One request to the API with a deadline that covers the answer's body too, and a second
 * signal (the client closing) that cancels it. Network failures and timeouts reject;
 * every HTTP status resolves.
 */
export async function request(
  options: HttpOptions,
  method: 'GET' | 'POST',
  path: string,
  init: { body?: string; headers?: Record<string, string>; signal: AbortSignal },
): Promise<Answer> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${options.apiKey}`,
    accept: 'application/json, application/problem+json',
    ...init.headers,
  };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  // Not AbortSignal.any([signal, AbortSignal.timeout(ms)]): Node (20 to 24 at least) may
  // garbage-collect a timeout signal that only a composite refers to, and the deadline then
  // never comes (nodejs/node#57736). A timer this call holds cannot be collected.
  const deadline = new AbortController();
  const timer = setTimeout(
    () => deadline.abort(new DOMException('The request timed out', 'TimeoutError')),
    options.timeoutMs,
  );
  const cancel = () => deadline.abort(init.signal.reason);
  if (init.signal.aborted) cancel();
  else init.signal.addEventListener('abort', cancel, { once: true });
  try {
    return await send(options, method, path, headers, init.body, deadline.signal);
  } finally {
    clearTimeout(timer);
    init.signal.removeEventListener('abort', cancel);
  }
}

async function send(
  options: HttpOptions,
  method: 'GET' | 'POST',
  path: string,
  headers: Record<string, string>,
  body: string | undefined,
  signal: AbortSignal,
): Promise<Answer> {
  const response = await options.fetch(new URL(path, options.baseUrl), {
    method,
    headers,
    body,
    signal,
  });
  const text = await response.text();
  let parsed: unknown = text;
  if (text.length > 0 && /json/.test(response.headers.get('content-type') ?? '')) {
    try {
      parsed = JSON.parse(text);
    } catch {
      // Kept as text: the caller judges the status, and an unreadable body of a 202 is
      // treated as no answer by the batch sender.
    }
  }
  return {
    status: response.status,
    body: parsed,
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
    rateLimitWaitMs: parseRateLimitWait(response.headers.get('ratelimit')),
  };
}

function isProblem(body: unknown): body is Problem {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as Problem).status === 'number' &&
    typeof (body as Problem).detail === 'string'
  );
}
