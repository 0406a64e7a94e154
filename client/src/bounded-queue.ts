export type OverflowStrategy = 'DROP_OLDEST' | 'REJECT_NEW';

/** One recorded feedback, as it will be sent. */
export interface QueuedItem {
  /** Order of recording: batches, drops and `close()`'s answer keep it. */
  readonly seq: number;
  readonly json: string;
  readonly bytes: number;
  /** When it was recorded (ms, monotonic): the flush interval counts from the oldest. */
  readonly at: number;
}

export type Offer =
  | { accepted: true; evicted: readonly QueuedItem[] }
  | { accepted: false; evicted: readonly QueuedItem[] };

/**
 * The items a client holds, bounded in count and in bytes. Two parts: items waiting to be
 * sent (a FIFO), and items taken into batches that are sent or waiting to be resent. Both
 * count toward the bounds, since both are in memory. Only waiting items can be evicted: a
 * batch once sent may already be stored, and dropping it would report as lost an item
 * that was delivered.
 */
export class BoundedQueue {
  private waiting: (QueuedItem | undefined)[] = [];
  private head = 0;
  private waitingBytes = 0;
  private takenCount = 0;
  private takenBytes = 0;

  constructor(
    readonly maxItems: number,
    readonly maxBytes: number,
    readonly overflow: OverflowStrategy,
  ) {}

  /** Items held: waiting and taken. */
  get size(): number {
    return this.waitingCount + this.takenCount;
  }

  get bytes(): number {
    return this.waitingBytes + this.takenBytes;
  }

  get waitingCount(): number {
    return this.waiting.length - this.head;
  }

  /** The larger of the two fill ratios: whichever bound is closer decides. */
  get utilization(): number {
    return Math.max(this.size / this.maxItems, this.bytes / this.maxBytes);
  }

  /** The oldest waiting item, if any. */
  peek(): QueuedItem | undefined {
    return this.waiting[this.head];
  }

  /** The newest waiting item, if any. */
  peekLast(): QueuedItem | undefined {
    return this.waitingCount > 0 ? this.waiting[this.waiting.length - 1] : undefined;
  }

  /**
   * Adds an item if it fits. DROP_OLDEST makes room by evicting the oldest waiting items;
   * REJECT_NEW refuses the item. An item that cannot fit even in an empty queue, or when
   * nothing waiting is left to evict, is refused under either strategy.
   */
  offer(item: QueuedItem): Offer {
    if (this.fits(item)) return this.push(item, []);
    if (this.overflow === 'REJECT_NEW' || item.bytes > this.maxBytes) {
      return { accepted: false, evicted: [] };
    }
    const evicted: QueuedItem[] = [];
    while (!this.fits(item) && this.waitingCount > 0) {
      const oldest = this.shift();
      if (oldest) evicted.push(oldest);
    }
    if (!this.fits(item)) return { accepted: false, evicted };
    return this.push(item, evicted);
  }

  /**
   * Takes the oldest waiting items into a batch: at most `maxItems`, and at most `maxBytes`
   * of item JSON plus one comma between items. They stay counted until `release`.
   */
  take(maxItems: number, maxBytes: number): QueuedItem[] {
    const batch: QueuedItem[] = [];
    let bytes = 0;
    while (batch.length < maxItems) {
      const next = this.peek();
      if (!next) break;
      const added = next.bytes + (batch.length > 0 ? 1 : 0);
      if (batch.length > 0 && bytes + added > maxBytes) break;
      this.shift();
      batch.push(next);
      bytes += added;
    }
    for (const item of batch) {
      this.takenCount += 1;
      this.takenBytes += item.bytes;
    }
    return batch;
  }

  /** Items of a batch that is settled (delivered, rejected or given up): no longer held. */
  release(items: readonly QueuedItem[]): void {
    for (const item of items) {
      this.takenCount -= 1;
      this.takenBytes -= item.bytes;
    }
  }

  /** Empties the waiting part, oldest first (the taken part is released by its batches). */
  removeWaiting(): QueuedItem[] {
    const items = this.waiting.slice(this.head) as QueuedItem[];
    this.waiting = [];
    this.head = 0;
    this.waitingBytes = 0;
    return items;
  }

  private fits(item: QueuedItem): boolean {
    return this.size + 1 <= this.maxItems && this.bytes + item.bytes <= this.maxBytes;
  }

  private push(item: QueuedItem, evicted: QueuedItem[]): Offer {
    this.waiting.push(item);
    this.waitingBytes += item.bytes;
    return { accepted: true, evicted };
  }

  private shift(): QueuedItem | undefined {
    const item = this.waiting[this.head];
    if (!item) return undefined;
    this.waiting[this.head] = undefined;
    this.head += 1;
    this.waitingBytes -= item.bytes;
    // A head index instead of Array#shift (which copies): compacted once the dead half is
    // large, so the array never holds more than twice the waiting items.
    if (this.head >= 1024 && this.head * 2 >= this.waiting.length) {
      this.waiting = this.waiting.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}
