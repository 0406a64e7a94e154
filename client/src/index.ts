export type { ApplyPreferencesResult, Assignments, DefaultModel } from './api-reads.js';
export type { OverflowStrategy } from './bounded-queue.js';
export type {
  DroppedEvent,
  DropReason,
  FeedbackClientEvents,
  PressureEvent,
  RefusedEvent,
  RejectedEvent,
  RetryEvent,
} from './events.js';
export { type FlushOnExitOptions, flushOnExit } from './exit-hooks.js';
export {
  type CloseResult,
  FeedbackClient,
  type FeedbackClientStats,
  type RecordResult,
} from './feedback-client.js';
export type { FieldError } from './field-errors.js';
export type { components, paths } from './generated/api.js';
export { FeedbackApiError, type Problem } from './http.js';
export type { FeedbackClientOptions } from './options.js';
export type { PressureState } from './pressure.js';
export type { FeedbackInput } from './validate.js';
