import { randomUUID } from 'node:crypto';
import { type BackoffPolicy, retryDelay } from './backoff.js';
import { type BatchOutcome, sendBatch } from './batch-sender.js';
import type { BoundedQueue, QueuedItem } from './bounded-queue.js';
import type { HttpOptions } from './http.js';
import { BATCH_BODY_LIMIT_BYTES, BATCH_ENVELOPE_BYTES } from './validate.js';

/** Items taken from the queue, sent (and resent) as one body under one key. */
export interface Batch {
  readonly items: readonly QueuedItem[];
  readonly body: string;
  /** The Idempotency-Key: the same for every attempt, so a retry is never stored twice. */
  readonly key: string;
  retries: number;
  /** When it may be sent again (ms, monotonic). */
  dueAt: number;
  sending: boolean;
}

export interface DeliverySettings {
  flushAt: number;
  flushIntervalMs: number;
  maxBatchSize: number;
  maxInFlightBatches: number;
  maxRetries: number;
  backoff: BackoffPolicy;
}

/** What the owner does with each attempt's outcome (counting, events). */
export interface DeliveryHandler {
  /** The batch is settled (answered, rejected or given up): it leaves the queue's count. */
  settled(batch: Batch, outcome: Exclude<BatchOutcome, { kind: 'retry' }>, gaveUp: boolean): void;
  retrying(batch: Batch, delayMs: number, outcome: Extract<BatchOutcome, { kind: 'retry' }>): void;
}

/**
 * Moves items from the queue to the API. One timer drives everything that waits (the flush
 * interval, backoffs, a rate limit's pause), re-armed to the earliest of them; `record`
 * only pokes it, so no request is ever made on the caller's path.
 */
export class Delivery {
  private readonly batches = new Set<Batch>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  /** No request before this (ms, monotonic): Retry-After or a spent RateLimit. */
  private notBefore = 0;
  private sendingCount = 0;
  /** Items up to this sequence number are due: a flush began when the newest waited. */
  private flushThrough = 0;
  private stopped = false;
  /** Send what waits now, below `flushAt` too (a flush or a close is waiting). */
  urgent = false;

  constructor(
    private readonly queue: BoundedQueue,
    private readonly settings: DeliverySettings,
    private readonly http: HttpOptions,
    private readonly handler: DeliveryHandler,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Signals cancelled when the client stops (its reads use it too). */
  get signal(): AbortSignal {
    return this.abort.signal;
  }

  /** Called by `record` after adding an item: cheap unless a batch is due. */
  poke(now: number): void {
    if (this.stopped || this.sendingCount >= this.settings.maxInFlightBatches) return;
    if (now < this.notBefore) return;
    const waiting = this.queue.waitingCount;
    if (waiting >= this.settings.flushAt || this.urgent) this.arm(now);
    else if (waiting === 1) this.arm(now + this.settings.flushIntervalMs);
  }

  /** Runs the scheduling now (a flush or close asked for it). */
  wake(): void {
    if (!this.stopped) this.arm(this.now());
  }

  /** The lowest sequence number still held (waiting or in a batch), if any. */
  oldestHeldSeq(): number | undefined {
    let oldest = this.queue.peek()?.seq;
    for (const batch of this.batches) {
      const first = batch.items[0]?.seq;
      if (first !== undefined && (oldest === undefined || first < oldest)) oldest = first;
    }
    return oldest;
  }

  /**
   * Stops for good: the timer cleared, requests in flight cancelled. Answers what was
   * still held, oldest first; the batches' items leave the queue's count.
   */
  async stop(): Promise<QueuedItem[]> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.abort.abort(new Error('FeedbackClient closed'));
    await Promise.allSettled([...this.inFlight]);
    const held = [...this.batches].flatMap((batch) => batch.items);
    for (const batch of this.batches) this.queue.release(batch.items);
    this.batches.clear();
    held.push(...this.queue.removeWaiting());
    return held.sort((a, b) => a.seq - b.seq);
  }

  private pump(): void {
    if (this.stopped) return;
    const now = this.now();
    while (this.sendingCount < this.settings.maxInFlightBatches && now >= this.notBefore) {
      const batch = this.dueRetry(now) ?? this.newBatch(now);
      if (!batch) break;
      this.launch(batch);
    }
    this.arm(this.nextWake(now));
  }

  private dueRetry(now: number): Batch | undefined {
    let due: Batch | undefined;
    for (const batch of this.batches) {
      if (batch.sending || batch.dueAt > now) continue;
      // Oldest first: the set is in creation order, but a later batch may be due sooner.
      if (!due || (batch.items[0]?.seq ?? 0) < (due.items[0]?.seq ?? 0)) due = batch;
    }
    return due;
  }

  private newBatch(now: number): Batch | undefined {
    const oldest = this.queue.peek();
    if (!oldest) return undefined;
    if (
      this.queue.waitingCount >= this.settings.flushAt ||
      oldest.at + this.settings.flushIntervalMs <= now
    ) {
      // A flush sends everything waiting at its start, in as many batches as it takes,
      // rather than leaving a tail below flushAt to wait for the next interval.
      this.flushThrough = this.queue.peekLast()?.seq ?? oldest.seq;
    }
    if (!this.urgent && oldest.seq > this.flushThrough) return undefined;
    const items = this.queue.take(
      this.settings.maxBatchSize,
      BATCH_BODY_LIMIT_BYTES - BATCH_ENVELOPE_BYTES,
    );
    // Built once: every retry sends these very bytes, as the Idempotency-Key requires.
    const body = `{"items":[${items.map((item) => item.json).join(',')}]}`;
    const batch: Batch = { items, body, key: randomUUID(), retries: 0, dueAt: now, sending: false };
    this.batches.add(batch);
    return batch;
  }

  private nextWake(now: number): number {
    if (this.sendingCount >= this.settings.maxInFlightBatches) return Number.POSITIVE_INFINITY;
    let next = Number.POSITIVE_INFINITY;
    for (const batch of this.batches) {
      if (!batch.sending) next = Math.min(next, batch.dueAt);
    }
    const oldest = this.queue.peek();
    if (oldest) {
      const due =
        this.urgent ||
        oldest.seq <= this.flushThrough ||
        this.queue.waitingCount >= this.settings.flushAt;
      next = Math.min(next, due ? now : oldest.at + this.settings.flushIntervalMs);
    }
    return next === Number.POSITIVE_INFINITY ? next : Math.max(next, this.notBefore);
  }

  private arm(at: number): void {
    if (at === Number.POSITIVE_INFINITY || (this.timer !== undefined && this.timerAt <= at)) return;
    clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.timerAt = Number.POSITIVE_INFINITY;
        this.pump();
      },
      Math.max(0, at - this.now()),
    );
    // Pending feedback alone does not keep a process alive: `close()` or the exit helper
    // is how a process hands it over (as OpenTelemetry's BatchSpanProcessor does).
    this.timer.unref();
  }

  private launch(batch: Batch): void {
    batch.sending = true;
    this.sendingCount += 1;
    const attempt = this.attempt(batch).finally(() => {
      this.inFlight.delete(attempt);
    });
    this.inFlight.add(attempt);
  }

  private async attempt(batch: Batch): Promise<void> {
    const outcome = await sendBatch(this.http, { ...batch, size: batch.items.length }, this.signal);
    batch.sending = false;
    this.sendingCount -= 1;
    // Closed meanwhile: the batch is part of close()'s answer, whatever this attempt said.
    if (this.stopped) return;
    const now = this.now();
    const serverWait = Math.max(
      outcome.answer?.retryAfterMs ?? 0,
      outcome.answer?.rateLimitWaitMs ?? 0,
    );
    // The API's quota is per key, not per batch: when it says wait, every batch waits.
    if (serverWait > 0) this.notBefore = Math.max(this.notBefore, now + serverWait);
    if (outcome.kind === 'retry') {
      if (batch.retries >= this.settings.maxRetries) {
        this.settle(batch, { kind: 'failed', error: outcome.error, answer: outcome.answer }, true);
      } else {
        const delay = retryDelay(batch.retries, this.settings.backoff, serverWait || undefined);
        batch.retries += 1;
        batch.dueAt = now + delay;
        this.handler.retrying(batch, delay, outcome);
      }
    } else {
      this.settle(batch, outcome, false);
    }
    this.pump();
  }

  private settle(
    batch: Batch,
    outcome: Exclude<BatchOutcome, { kind: 'retry' }>,
    gaveUp: boolean,
  ): void {
    this.batches.delete(batch);
    this.queue.release(batch.items);
    this.handler.settled(batch, outcome, gaveUp);
  }
}
