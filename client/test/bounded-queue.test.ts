import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BoundedQueue, type QueuedItem } from '../src/bounded-queue';

let seq = 0;
const item = (bytes = 10): QueuedItem => ({ seq: ++seq, json: 'x'.repeat(bytes), bytes, at: 0 });
const seqs = (items: readonly QueuedItem[]) => items.map((i) => i.seq);

describe('BoundedQueue', () => {
  it('evicts the oldest waiting items under DROP_OLDEST to take a new one', () => {
    const queue = new BoundedQueue(3, 1000, 'DROP_OLDEST');
    const [a, b, c, d] = [item(), item(), item(), item()];
    for (const i of [a, b, c]) expect(queue.offer(i)).toEqual({ accepted: true, evicted: [] });

    expect(queue.offer(d)).toEqual({ accepted: true, evicted: [a] });
    expect(seqs(queue.removeWaiting())).toEqual(seqs([b, c, d]));
  });

  it('refuses the new item under REJECT_NEW and keeps the old ones', () => {
    const queue = new BoundedQueue(2, 1000, 'REJECT_NEW');
    const [a, b, c] = [item(), item(), item()];
    queue.offer(a);
    queue.offer(b);

    expect(queue.offer(c)).toEqual({ accepted: false, evicted: [] });
    expect(seqs(queue.removeWaiting())).toEqual(seqs([a, b]));
  });

  it('bounds bytes as well as items: a large item evicts as many as it needs', () => {
    const queue = new BoundedQueue(100, 100, 'DROP_OLDEST');
    const small = [item(30), item(30), item(30)];
    for (const i of small) queue.offer(i);

    const offer = queue.offer(item(60));
    expect(offer.accepted).toBe(true);
    expect(seqs(offer.evicted)).toEqual(seqs(small.slice(0, 2)));
    expect(queue.bytes).toBe(90);
    expect(queue.utilization).toBeCloseTo(0.9);
  });

  it('refuses, under either strategy, an item larger than the whole queue', () => {
    const queue = new BoundedQueue(10, 50, 'DROP_OLDEST');
    queue.offer(item(10));

    expect(queue.offer(item(51))).toEqual({ accepted: false, evicted: [] });
    expect(queue.size).toBe(1);
  });

  it('counts items taken into a batch until released, and never evicts them', () => {
    const queue = new BoundedQueue(3, 1000, 'DROP_OLDEST');
    const [a, b, c] = [item(), item(), item()];
    for (const i of [a, b, c]) queue.offer(i);
    const batch = queue.take(2, 1000);
    expect(seqs(batch)).toEqual(seqs([a, b]));
    expect(queue.size).toBe(3);

    // Only c waits, so only c can make room; once nothing waits, a new item has none.
    expect(seqs(queue.offer(item()).evicted)).toEqual([c.seq]);
    queue.take(1, 1000);
    expect(queue.offer(item())).toEqual({ accepted: false, evicted: [] });

    queue.release(batch);
    expect(queue.size).toBe(1);
    expect(queue.offer(item()).accepted).toBe(true);
  });

  it('cuts a batch at its item count or its bytes (with the commas between items)', () => {
    const queue = new BoundedQueue(100, 10_000, 'REJECT_NEW');
    for (let i = 0; i < 10; i++) queue.offer(item(100));

    expect(queue.take(3, 10_000)).toHaveLength(3);
    // 100 + 1 + 100 = 201 bytes fit in 201; a third would need 302.
    expect(queue.take(10, 201)).toHaveLength(2);
    // A first item is taken even when it alone is over the limit: it fits a batch alone.
    expect(queue.take(10, 50)).toHaveLength(1);
    expect(queue.waitingCount).toBe(4);
  });

  it('keeps order and counts through long runs of offers, takes and releases', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant('offer' as const), fc.constant('take' as const)), {
          maxLength: 3000,
        }),
        fc.constantFrom('DROP_OLDEST' as const, 'REJECT_NEW' as const),
        (steps, overflow) => {
          const queue = new BoundedQueue(50, 2000, overflow);
          const model: QueuedItem[] = [];
          for (const step of steps) {
            if (step === 'offer') {
              const next = item(1 + (seq % 97));
              const offer = queue.offer(next);
              for (const gone of offer.evicted) expect(model.shift()).toBe(gone);
              if (offer.accepted) model.push(next);
            } else {
              const batch = queue.take(7, 300);
              expect(batch).toEqual(model.splice(0, batch.length));
              queue.release(batch);
            }
            expect(queue.size).toBe(model.length);
            expect(queue.bytes).toBe(model.reduce((sum, i) => sum + i.bytes, 0));
            expect(queue.size).toBeLessThanOrEqual(50);
            expect(queue.bytes).toBeLessThanOrEqual(2000);
          }
          expect(queue.removeWaiting()).toEqual(model);
        },
      ),
      { numRuns: 50 },
    );
  });
});
