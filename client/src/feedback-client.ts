import { EventEmitter } from 'node:events';
import {
  ApiReads,
  type ApplyPreferencesResult,
  type Assignments,
  type DefaultModel,
} from './api-reads.js';
import type { BatchOutcome } from './batch-sender.js';
import { BoundedQueue, type QueuedItem } from './bounded-queue.js';
import { type Batch, Delivery } from './delivery.js';
import type { DropReason, FeedbackClientEvents } from './events.js';
import type { FieldError } from './field-errors.js';
import { type FeedbackClientOptions, type ResolvedOptions, resolveOptions } from './options.js';
import { PressureGauge } from './pressure.js';
import { type FeedbackInput, validateFeedback } from './validate.js';

export type RecordResult =
  | { queued: true }
  | { queued: false; reason: 'invalid'; errors: FieldError[]; omittedErrors: number }
  | { queued: false; reason: 'queueFull' | 'closed' };

/** The figures dashboards and alerts read; the names are a contract. */
export interface FeedbackClientStats {
  /** Items held: waiting, or in a batch being sent or waiting to be resent. */
  queued: number;
  /** Bytes of item JSON held. */
  queuedBytes: number;
  /** The larger of queued / maxQueueSize and queuedBytes / maxQueueBytes. */
  utilization: number;
  /** Items the API acknowledged: stored now, or as a duplicate of what it had. */
  delivered: number;
  /** Of `delivered`, those the API already had. */
  duplicates: number;
  /** Items breaking the API's rules: refused by `record` or rejected by the API. */
  rejected: number;
  /** Items accepted by `record` that will not be delivered (see the `dropped` event). */
  dropped: number;
  /** Items `record` refused: a full queue under REJECT_NEW, or a closed client. */
  refused: number;
  /** Batch attempts after the first. */
  retries: number;
  lastError: { message: string; status?: number; at: string } | null;
}

export interface CloseResult {
  /**
   * Items not acknowledged by the deadline, in recording order: persist them and record
   * them again later. One whose request was cut by the deadline may have been stored: sent
   * again, it is answered as a duplicate, never stored twice.
   */
  undelivered: FeedbackInput[];
}

/**
 * Sends feedback to the rename-feedback API in the background: `record` checks an item and
 * queues it at once; batches go out through `POST /v1/feedback/batch`, each under its own
 * Idempotency-Key, retried with backoff until answered. The queue is bounded in items and
 * bytes; what it cannot hold is dropped or refused, counted, and emitted with the item.
 */
export class FeedbackClient extends EventEmitter<FeedbackClientEvents> {
  private readonly options: ResolvedOptions;
  private readonly queue: BoundedQueue;
  private readonly delivery: Delivery;
  private readonly reads: ApiReads;
  private readonly pressure = new PressureGauge(0.8, 0.5);
  private readonly counts = {
    delivered: 0,
    duplicates: 0,
    rejected: 0,
    dropped: 0,
    refused: 0,
    retries: 0,
  };
  private lastError: FeedbackClientStats['lastError'] = null;
  private seq = 0;
  private closing: Promise<CloseResult> | undefined;
  private readonly flushWaiters: { through: number; resolve: () => void }[] = [];
  /** Events wait here and are emitted after the caller's code: listeners never run in it. */
  private notices: (() => void)[] = [];

  constructor(options: FeedbackClientOptions) {
    super();
    this.options = resolveOptions(options);
    const o = this.options;
    this.queue = new BoundedQueue(o.maxQueueSize, o.maxQueueBytes, o.overflow);
    const http = { baseUrl: o.baseUrl, apiKey: o.apiKey, timeoutMs: o.timeoutMs, fetch: o.fetch };
    this.delivery = new Delivery(
      this.queue,
      {
        flushAt: o.flushAt,
        flushIntervalMs: o.flushIntervalMs,
        maxBatchSize: o.maxBatchSize,
        maxInFlightBatches: o.maxInFlightBatches,
        maxRetries: o.maxRetries,
        backoff: { baseMs: o.retryBaseMs, maxMs: o.retryMaxMs },
      },
      http,
      {
        settled: (batch, outcome, gaveUp) => this.onSettled(batch, outcome, gaveUp),
        retrying: (batch, delayMs, outcome) => {
          this.counts.retries += 1;
          this.noteError(outcome.error, outcome.answer?.status);
          this.notify('retry', () => ({
            items: batch.items.length,
            retry: batch.retries,
            delayMs,
            error: outcome.error,
          }));
        },
      },
    );
    this.reads = new ApiReads(http, this.delivery.signal, {
      ttlMs: o.cacheTtlMs,
      maxEntries: o.cacheMaxEntries,
    });
  }

  /**
   * Queues one feedback, or says at once why not. Never blocks, never makes a request, and
   * throws only on a bug, never because of load.
   */
  record(feedback: FeedbackInput): RecordResult {
    if (this.closing) return this.refuse(feedback, 'closed');
    const checked = validateFeedback(feedback);
    if (!checked.ok) {
      this.counts.rejected += 1;
      this.notify('rejected', () => ({
        item: feedback,
        status: 'invalid',
        errors: checked.errors,
      }));
      return {
        queued: false,
        reason: 'invalid',
        errors: checked.errors,
        omittedErrors: checked.omittedErrors,
      };
    }
    const now = performance.now();
    const item: QueuedItem = {
      seq: this.seq + 1,
      json: checked.json,
      bytes: checked.bytes,
      at: now,
    };
    const offer = this.queue.offer(item);
    for (const evicted of offer.evicted) this.drop(evicted, 'queueFull');
    if (offer.evicted.length > 0) this.resolveFlushes();
    if (!offer.accepted) return this.refuse(feedback, 'queueFull', checked.json);
    this.seq = item.seq;
    this.checkPressure();
    this.delivery.poke(now);
    return { queued: true };
  }

  /** Resolves once everything recorded before the call is delivered, rejected or dropped. */
  flush(): Promise<void> {
    const through = this.seq;
    if (this.settledThrough(through)) return Promise.resolve();
    return new Promise((resolve) => {
      this.flushWaiters.push({ through, resolve });
      this.delivery.urgent = true;
      this.delivery.wake();
    });
  }

  /**
   * Stops accepting, sends what is held until `timeoutMs` (default 5,000), then cancels
   * what is still in flight and answers every item not delivered. Calling it again answers
   * the same.
   */
  close(options: { timeoutMs?: number } = {}): Promise<CloseResult> {
    this.closing ??= this.shutDown(options.timeoutMs ?? 5000);
    return this.closing;
  }

  stats(): FeedbackClientStats {
    return {
      queued: this.queue.size,
      queuedBytes: this.queue.bytes,
      utilization: this.queue.utilization,
      ...this.counts,
      lastError: this.lastError,
    };
  }

  /** The person's variant in every running experiment; reused for `cacheTtlMs`. */
  assignments(userId: string): Promise<Assignments> {
    return this.reads.assignments(userId);
  }

  /** The filename rewritten the way this person writes names. */
  applyPreferences(userId: string, filename: string): Promise<ApplyPreferencesResult> {
    return this.reads.applyPreferences(userId, filename);
  }

  /** The tenant's default model version, or null if none was promoted; reused for `cacheTtlMs`. */
  defaultModel(): Promise<DefaultModel | null> {
    return this.reads.defaultModel();
  }

  private async shutDown(timeoutMs: number): Promise<CloseResult> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    await Promise.race([this.flush(), deadline]);
    clearTimeout(timer);
    const held = await this.delivery.stop();
    for (const waiter of this.flushWaiters.splice(0)) waiter.resolve();
    this.checkPressure();
    return { undelivered: held.map((item) => JSON.parse(item.json) as FeedbackInput) };
  }

  private onSettled(
    batch: Batch,
    outcome: Exclude<BatchOutcome, { kind: 'retry' }>,
    gaveUp: boolean,
  ): void {
    if (outcome.kind === 'answered') {
      outcome.results.forEach((result, index) => {
        const item = batch.items[index];
        if (!item) return;
        if ('errors' in result) {
          this.reject(item, result.status, result.errors);
        } else {
          this.counts.delivered += 1;
          if (result.status === 'duplicate') this.counts.duplicates += 1;
        }
      });
    } else if (outcome.kind === 'allRejected') {
      batch.items.forEach((item, index) => {
        this.reject(item, 'rejected', outcome.errorsByIndex.get(index) ?? []);
      });
    } else {
      this.noteError(outcome.error, outcome.answer?.status);
      const reason: DropReason = gaveUp ? 'retriesExhausted' : 'failed';
      for (const item of batch.items) this.drop(item, reason, outcome.error);
    }
    this.checkPressure();
    this.resolveFlushes();
  }

  private reject(item: QueuedItem, status: 'rejected' | 'conflict', errors: FieldError[]): void {
    this.counts.rejected += 1;
    this.notify('rejected', () => ({ item: JSON.parse(item.json), status, errors }));
  }

  private drop(item: QueuedItem, reason: DropReason, error?: Error): void {
    this.counts.dropped += 1;
    this.notify('dropped', () => ({ item: JSON.parse(item.json), reason, error }));
  }

  private refuse(
    feedback: FeedbackInput,
    reason: 'queueFull' | 'closed',
    json?: string,
  ): RecordResult {
    this.counts.refused += 1;
    this.notify('refused', () => ({
      item: json === undefined ? feedback : (JSON.parse(json) as FeedbackInput),
      reason,
    }));
    return { queued: false, reason };
  }

  private noteError(error: Error, status: number | undefined): void {
    // fetch says only "fetch failed"; the reason (ECONNREFUSED, a reset) is in its cause.
    const cause = error.cause instanceof Error ? error.cause : undefined;
    const reason = cause && 'code' in cause ? String(cause.code) : cause?.message;
    this.lastError = {
      message: reason ? `${error.message}: ${reason}` : error.message,
      ...(status === undefined ? {} : { status }),
      at: new Date().toISOString(),
    };
  }

  private checkPressure(): void {
    const utilization = this.queue.utilization;
    const state = this.pressure.update(utilization);
    if (!state) return;
    const queued = this.queue.size;
    const queuedBytes = this.queue.bytes;
    this.notify('pressure', () => ({ state, utilization, queued, queuedBytes }));
  }

  private settledThrough(seq: number): boolean {
    const oldest = this.delivery.oldestHeldSeq();
    return oldest === undefined || oldest > seq;
  }

  private resolveFlushes(): void {
    if (this.flushWaiters.length === 0) return;
    const pending = this.flushWaiters.filter((waiter) => {
      if (!this.settledThrough(waiter.through)) return true;
      waiter.resolve();
      return false;
    });
    this.flushWaiters.splice(0, this.flushWaiters.length, ...pending);
    if (pending.length === 0 && !this.closing) this.delivery.urgent = false;
  }

  /**
   * Queues an event; the payload is built only if someone listens (an evicted item is
   * parsed back from its JSON only then).
   */
  private notify<E extends keyof FeedbackClientEvents>(
    event: E,
    payload: () => FeedbackClientEvents[E][0],
  ): void {
    if (this.listenerCount(event) === 0) return;
    if (this.notices.length === 0) queueMicrotask(() => this.emitNotices());
    this.notices.push(() =>
      (this.emit as (e: E, p: FeedbackClientEvents[E][0]) => boolean)(event, payload()),
    );
  }

  private emitNotices(): void {
    const notices = this.notices;
    this.notices = [];
    for (const notice of notices) notice();
  }
}
