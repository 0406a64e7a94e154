import type { FieldError } from './field-errors.js';
import type { PressureState } from './pressure.js';
import type { FeedbackInput } from './validate.js';

/** Why an item the client had accepted will not be delivered. */
export type DropReason =
  /** DROP_OLDEST: evicted, unsent, to make room for a newer item. */
  | 'queueFull'
  /** Its batch failed `maxRetries` + 1 times in a row. */
  | 'retriesExhausted'
  /** Its batch got an answer no retry can change (401, 403, 413, ...). */
  | 'failed';

export interface DroppedEvent {
  item: FeedbackInput;
  reason: DropReason;
  /** What failed, for `retriesExhausted` and `failed`. */
  error?: Error;
}

/** `record` answered `{ queued: false }`: full under REJECT_NEW, or closed. */
export interface RefusedEvent {
  item: FeedbackInput;
  reason: 'queueFull' | 'closed';
}

/** An item that breaks the API's rules: found by `record` (`invalid`) or by the API. */
export interface RejectedEvent {
  item: unknown;
  status: 'invalid' | 'rejected' | 'conflict';
  errors: FieldError[];
}

/** Utilization reached 80% (`high`), or fell back under 50% (`normal`). */
export interface PressureEvent {
  state: PressureState;
  utilization: number;
  queued: number;
  queuedBytes: number;
}

/** A batch is sent again after `delayMs`, under the same Idempotency-Key. */
export interface RetryEvent {
  items: number;
  retry: number;
  delayMs: number;
  error: Error;
}

export interface FeedbackClientEvents {
  dropped: [DroppedEvent];
  refused: [RefusedEvent];
  rejected: [RejectedEvent];
  pressure: [PressureEvent];
  retry: [RetryEvent];
}
