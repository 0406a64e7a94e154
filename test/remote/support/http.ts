import { setTimeout as sleep } from 'node:timers/promises';
import { runName, target } from './target';

export interface ApiAnswer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export type Caller = 'user' | 'admin' | 'otherUser' | 'otherAdmin' | 'none' | { key: string };

function keyOf(caller: Caller): string | undefined {
  if (typeof caller === 'object') return caller.key;
  if (caller === 'none') return undefined;
  if (caller === 'user') return target.userKey;
  if (caller === 'admin') return target.adminKey;
  const other = target.other;
  if (other === undefined) throw new Error('No second tenant is configured');
  return caller === 'otherUser' ? other.userKey : other.adminKey;
}

/** A deployment's rate limits are its own: a 429 is waited out (its Retry-After), up to this. */
const RATE_LIMIT_PATIENCE_MS = 30_000;

/**
 * Speaks HTTP to the deployment as a real client does. `path` is relative to the API's
 * URL (a stage path in it is kept). A 429 is retried after its Retry-After, so a suite
 * tests the API, not how many requests this run happened to send in a minute.
 */
export async function call<T = Record<string, unknown>>(
  caller: Caller,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  const key = keyOf(caller);
  if (key !== undefined) headers.authorization = `Bearer ${key}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const url = new URL(path.replace(/^\//, ''), target.url);
  const giveUpAt = Date.now() + RATE_LIMIT_PATIENCE_MS;
  for (;;) {
    const response = await fetch(url, { method, headers, body });
    const text = await response.text();
    const retryAfter = Number(response.headers.get('retry-after') ?? '1');
    if (response.status === 429 && Date.now() + retryAfter * 1000 < giveUpAt) {
      await sleep(Math.max(retryAfter, 0.2) * 1000);
      continue;
    }
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON: the test sees the raw text.
    }
    return { status: response.status, headers: response.headers, body: parsed as T };
  }
}

let counter = 0;

/** A valid feedback body, named for this run; override what the case is about. */
export function feedback(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter += 1;
  return {
    proposalId: runName(`p${process.pid}-${counter}`),
    originalFilename: 'IMG_4032.JPG',
    proposedFilename: '2024-06-01_beach.jpg',
    action: 'approved',
    confidence: 0.9,
    modelVersion: runName('v1'),
    userId: runName('person'),
    processingTimeMs: 120,
    ...overrides,
  };
}

/**
 * Asks until `read` gives what `done` accepts, or fails at the deadline with the last
 * answer: how a client learns that `learn` has caught up, with no emulator to drain.
 * Asks at most once a second after the first half second (learn gathers a batch for about
 * a second), so that waiting spends little of the deployment's per-key read limit.
 */
export async function pollUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  { timeoutMs = 30_000, what = 'the API' }: { timeoutMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let wait = 500;
  for (;;) {
    await sleep(wait);
    const value = await read();
    if (done(value)) return value;
    wait = 1_000;
    if (Date.now() + wait > deadline) {
      throw new Error(
        `Waited ${timeoutMs} ms for ${what}; last answer: ${JSON.stringify(value).slice(0, 500)}`,
      );
    }
  }
}

/** The metrics of one model version of the caller's tenant. */
export const metricsOf = (modelVersion: string, caller: Caller = 'user') =>
  call(caller, 'GET', `/v1/metrics?modelVersion=${encodeURIComponent(modelVersion)}`);

/** Waits until `learn` has counted `total` feedback of a model version. */
export const learned = (modelVersion: string, total: number) =>
  pollUntil(
    () => metricsOf(modelVersion),
    (answer) => answer.status === 200 && answer.body.total === total,
    { what: `${total} feedback of ${modelVersion} to be learned` },
  );
