import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedbackClient } from '../../../client/src/index';
import { parseRateLimitWait, parseRetryAfter } from '../../../client/src/server-hints';
import { call, feedback } from '../support/client';
import { startSystem, type TestSystem } from '../support/system';
import { feedbackItems, idsOf, storedProposalIds } from './support/feedback-items';

// Three writes a minute per key: the batches below are as many, and another process using
// the same key spends the quota first, so each of them is refused once.
const LIMIT = 3;

let system: TestSystem;

beforeAll(async () => {
  system = await startSystem('client_storm', {
    environment: { RATE_LIMIT_USER_PER_MINUTE: `${LIMIT}` },
  });
});
afterAll(async () => {
  await system?.stop();
});

interface Exchange {
  sentAt: number;
  answeredAt: number;
  status: number;
  /** How long the answer told the client to wait (Retry-After, or a spent RateLimit). */
  waitMs: number;
}

/** The client's fetch, watched: when each request left and what its answer said. */
function watchedFetch(exchanges: Exchange[]): typeof fetch {
  return async (input, init) => {
    const sentAt = performance.now();
    const response = await fetch(input, init);
    const answeredAt = performance.now();
    const waitMs = Math.max(
      parseRetryAfter(response.headers.get('retry-after')) ?? 0,
      parseRateLimitWait(response.headers.get('ratelimit')) ?? 0,
    );
    exchanges.push({ sentAt, answeredAt, status: response.status, waitMs });
    return response;
  };
}

describe('the client in a 429 storm', () => {
  it('sends nothing before Retry-After, then delivers everything', {
    timeout: 150_000,
  }, async () => {
    // Another renamer process with the same key takes the whole minute's quota.
    const spent = await Promise.all(
      Array.from({ length: LIMIT }, () =>
        call(system.url, 'POST', '/v1/feedback', {
          key: system.userKey,
          body: feedback({ proposalId: `other-renamer-${Math.random().toString(36).slice(2)}` }),
        }),
      ),
    );
    expect(spent.map((answer) => answer.status)).toEqual([202, 202, 202]);

    const exchanges: Exchange[] = [];
    const client = new FeedbackClient({
      baseUrl: system.url,
      apiKey: system.userKey,
      fetch: watchedFetch(exchanges),
      maxBatchSize: 100,
      maxInFlightBatches: LIMIT,
    });
    const items = feedbackItems('storm', 300);
    for (const item of items) client.record(item);
    await client.flush();

    const refused = exchanges.filter((e) => e.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(LIMIT);
    expect(refused.every((e) => e.waitMs >= 1000)).toBe(true);
    // No request left between an answer that said "wait" and the end of that wait.
    for (const told of exchanges.filter((e) => e.waitMs > 0)) {
      const early = exchanges.filter(
        (e) => e.sentAt > told.answeredAt && e.sentAt < told.answeredAt + told.waitMs,
      );
      expect(early).toEqual([]);
    }
    expect(client.stats()).toMatchObject({ delivered: 300, dropped: 0, duplicates: 0 });
    expect(client.stats().retries).toBe(refused.length);
    expect(await storedProposalIds(system.db, 'storm')).toEqual(idsOf(items));
    await client.close();
  });
});
