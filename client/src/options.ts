import type { OverflowStrategy } from './bounded-queue.js';
import { MAX_BATCH_ITEMS } from './validate.js';

export interface FeedbackClientOptions {
  /** The API's base URL, e.g. `http://127.0.0.1:3000` (a path prefix is kept). */
  baseUrl: string | URL;
  /** A `user` key of the tenant. */
  apiKey: string;
  /** Send as soon as this many items wait. Default 100. */
  flushAt?: number;
  /** Send whatever waits once the oldest item has waited this long. Default 1,000 ms. */
  flushIntervalMs?: number;
  /** Items per batch, at most the API's 500. Default 500. */
  maxBatchSize?: number;
  /** Items held (waiting or being sent) at most. Default 10,000. */
  maxQueueSize?: number;
  /** Bytes of item JSON held at most. Default 8 MiB. */
  maxQueueBytes?: number;
  /** What a full queue does with a new item. Default `DROP_OLDEST`. */
  overflow?: OverflowStrategy;
  /** Retries of one batch before its items are dropped (`retriesExhausted`). Default 8. */
  maxRetries?: number;
  /** Deadline of one request, answer included. Default 10,000 ms. */
  timeoutMs?: number;
  /** Batches sent at once. Default 1: the order is kept and the API is not crowded. */
  maxInFlightBatches?: number;
  /** First backoff ceiling; it doubles at each retry. Default 200 ms. */
  retryBaseMs?: number;
  /** Largest backoff ceiling. Default 30,000 ms. */
  retryMaxMs?: number;
  /** How long `assignments()` and `defaultModel()` answers are reused. Default 30,000 ms. */
  cacheTtlMs?: number;
  /** People whose assignments are cached at most (oldest out first). Default 10,000. */
  cacheMaxEntries?: number;
  /** Defaults to the global `fetch`: pass one with your own dispatcher or instrumentation. */
  fetch?: typeof fetch;
}

export type ResolvedOptions = Required<Omit<FeedbackClientOptions, 'baseUrl'>> & { baseUrl: URL };

const DEFAULTS = {
  flushAt: 100,
  flushIntervalMs: 1000,
  maxBatchSize: MAX_BATCH_ITEMS,
  maxQueueSize: 10_000,
  maxQueueBytes: 8 * 1024 * 1024,
  overflow: 'DROP_OLDEST',
  maxRetries: 8,
  timeoutMs: 10_000,
  maxInFlightBatches: 1,
  retryBaseMs: 200,
  retryMaxMs: 30_000,
  cacheTtlMs: 30_000,
  cacheMaxEntries: 10_000,
} as const satisfies Partial<FeedbackClientOptions>;

const KNOWN = new Set<string>([...Object.keys(DEFAULTS), 'baseUrl', 'apiKey', 'fetch']);

/** Positive integers, and the least each may be (0 where waiting nothing makes sense). */
const INTEGERS: Record<string, number> = {
  flushAt: 1,
  flushIntervalMs: 0,
  maxBatchSize: 1,
  maxQueueSize: 1,
  maxQueueBytes: 1,
  maxRetries: 0,
  timeoutMs: 1,
  maxInFlightBatches: 1,
  retryBaseMs: 1,
  retryMaxMs: 1,
  cacheTtlMs: 0,
  cacheMaxEntries: 1,
};

/**
 * Defaults filled in and every option checked once, at construction: a typo or an
 * impossible value fails there, with the option's name, not later as a silent default.
 */
export function resolveOptions(options: FeedbackClientOptions): ResolvedOptions {
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) throw new TypeError(`FeedbackClient: unknown option "${key}"`);
  }
  const merged = {
    ...DEFAULTS,
    fetch: globalThis.fetch,
    ...withoutUndefined(options),
  } as FeedbackClientOptions & typeof DEFAULTS & { apiKey: string; fetch: typeof fetch };
  for (const [key, least] of Object.entries(INTEGERS)) {
    const value = (merged as unknown as Record<string, unknown>)[key];
    if (!Number.isSafeInteger(value) || (value as number) < least) {
      throw new TypeError(`FeedbackClient: ${key} must be an integer >= ${least}, not ${value}`);
    }
  }
  if (merged.maxBatchSize > MAX_BATCH_ITEMS) {
    throw new TypeError(`FeedbackClient: maxBatchSize must be at most ${MAX_BATCH_ITEMS}`);
  }
  if (merged.overflow !== 'DROP_OLDEST' && merged.overflow !== 'REJECT_NEW') {
    throw new TypeError(`FeedbackClient: overflow must be DROP_OLDEST or REJECT_NEW`);
  }
  if (typeof merged.apiKey !== 'string' || merged.apiKey.length === 0) {
    throw new TypeError('FeedbackClient: apiKey is required');
  }
  if (typeof merged.fetch !== 'function') {
    throw new TypeError('FeedbackClient: no fetch available; pass one as `fetch`');
  }
  let baseUrl: URL;
  try {
    baseUrl = new URL(String(merged.baseUrl));
  } catch (error) {
    throw new TypeError(
      `FeedbackClient: baseUrl must be an absolute URL, not "${merged.baseUrl}"`,
      {
        cause: error,
      },
    );
  }
  // A base without a trailing slash would lose its last segment when joined with a path.
  if (!baseUrl.pathname.endsWith('/')) baseUrl.pathname += '/';
  return { ...merged, baseUrl };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
