import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DroppedEvent, FeedbackClient, type RefusedEvent } from '../../../client/src/index';
import { feedbackItems, idsOf, storedProposalIds } from './support/feedback-items';
import { type StackProcess, startStackProcess } from './support/stack-process';

const FREEZE_MS = 10_000;

let stack: StackProcess;

beforeAll(async () => {
  stack = await startStackProcess('client_frozen');
});
afterAll(async () => {
  await stack?.stop();
});

/**
 * The whole stack stopped (SIGSTOP: gateway, functions, local queues and tables) while a
 * renamer records 3,000 decisions into a client holding at most 1,000: requests hang and
 * time out, the queue fills, and the strategy decides which 1,000 survive. Every one of the
 * 3,000 must be accounted for: delivered, or dropped / refused with an event.
 */
async function recordWhileFrozen(prefix: string, overflow: 'DROP_OLDEST' | 'REJECT_NEW') {
  const client = new FeedbackClient({
    baseUrl: stack.url,
    apiKey: stack.userKey,
    maxQueueSize: 1000,
    overflow,
    timeoutMs: 1500,
    retryBaseMs: 100,
    retryMaxMs: 2000,
    maxRetries: 50,
  });
  const dropped: DroppedEvent[] = [];
  const refused: RefusedEvent[] = [];
  client.on('dropped', (event) => dropped.push(event));
  client.on('refused', (event) => refused.push(event));
  const items = feedbackItems(prefix, 3000);

  stack.freeze();
  const frozenAt = performance.now();
  const answers = items.map((item) => client.record(item));
  await new Promise((resolve) => setTimeout(resolve, FREEZE_MS - (performance.now() - frozenAt)));
  const duringFreeze = client.stats();
  stack.thaw();
  await client.flush();
  await new Promise((resolve) => setImmediate(resolve));
  await client.close();
  return { client, items, answers, dropped, refused, duringFreeze };
}

describe('the client while the stack is frozen for 10 s', () => {
  it('DROP_OLDEST delivers the newest 1,000 and drops the 2,000 oldest, each with an event', async () => {
    const run = await recordWhileFrozen('drop-oldest', 'DROP_OLDEST');
    const stats = run.client.stats();

    expect(run.answers.every((answer) => answer.queued)).toBe(true);
    // Requests went out and hung while frozen; nothing was delivered then.
    expect(run.duringFreeze.delivered).toBe(0);
    expect(run.duringFreeze.retries).toBeGreaterThan(0);
    // Dropped for room only: no batch given up (its error would say why).
    expect(
      run.dropped.filter((e) => e.reason !== 'queueFull').map((e) => e.error?.message),
    ).toEqual([]);
    expect(stats.delivered + stats.dropped).toBe(3000);
    expect(stats).toMatchObject({ delivered: 1000, dropped: 2000, refused: 0, queued: 0 });
    expect(run.dropped.map((e) => e.item)).toEqual(run.items.slice(0, 2000));
    expect(await storedProposalIds(stack.db, 'drop-oldest')).toEqual(idsOf(run.items.slice(2000)));
  });

  it('REJECT_NEW delivers the oldest 1,000 and refuses the 2,000 newest, each with an event', async () => {
    const run = await recordWhileFrozen('reject-new', 'REJECT_NEW');
    const stats = run.client.stats();

    expect(run.answers.slice(0, 1000).every((answer) => answer.queued)).toBe(true);
    expect(run.answers.slice(1000)).toEqual(
      Array.from({ length: 2000 }, () => ({ queued: false, reason: 'queueFull' })),
    );
    expect(run.duringFreeze.delivered).toBe(0);
    expect(run.duringFreeze.retries).toBeGreaterThan(0);
    expect(run.dropped.map((e) => `${e.reason}: ${e.error?.message}`)).toEqual([]);
    expect(stats.delivered + stats.refused).toBe(3000);
    expect(stats).toMatchObject({ delivered: 1000, refused: 2000, dropped: 0, queued: 0 });
    expect(run.refused.map((e) => e.item)).toEqual(run.items.slice(1000));
    expect(await storedProposalIds(stack.db, 'reject-new')).toEqual(
      idsOf(run.items.slice(0, 1000)),
    );
  });
});
