import { describe, expect, it, vi } from 'vitest';
import {
  type FeedbackRelay,
  type FeedbackStore,
  type ItemResult,
  type NewFeedback,
  type StoredFeedback,
  submitFeedback,
} from '#core/submit-feedback';

const item = {
  proposalId: 'p-1',
  originalFilename: 'IMG_4032.JPG',
  proposedFilename: '2024-06-01_beach-trip.jpg',
  action: 'approved',
  confidence: 0.9,
  modelVersion: 'namer-2',
  userId: 'user-1',
};

const TENANT = 'tenant-a';

/** A store that keeps decisions in memory, like the `feedback` table's unique proposal id. */
function memoryStore(existing: StoredFeedback[] = []) {
  const rows = new Map(existing.map((row) => [row.proposalId, row]));
  const insert = vi.fn(async (_tenant: string, feedback: NewFeedback[]) =>
    feedback.map(({ id, input, fingerprint }): StoredFeedback => {
      const found = rows.get(input.proposalId);
      if (found) return { ...found, inserted: false };
      const row = { proposalId: input.proposalId, id, fingerprint, inserted: true };
      rows.set(input.proposalId, row);
      return row;
    }),
  );
  return { insert } satisfies FeedbackStore;
}

function recordingRelay() {
  return { relay: vi.fn(async (_tenantId: string, _ids: string[]) => {}) } satisfies FeedbackRelay;
}

function idOf(result: ItemResult | undefined): string {
  if (!result || !('id' in result)) throw new Error(`No id in ${JSON.stringify(result)}`);
  return result.id;
}

async function submitTwice(first: unknown, second: unknown) {
  const store = memoryStore();
  const relay = recordingRelay();
  const [before] = await submitFeedback({ store, relay }, TENANT, [first]);
  relay.relay.mockClear();
  const [after] = await submitFeedback({ store, relay }, TENANT, [second]);
  return { before, after, relay };
}

describe('submitFeedback', () => {
  it('names a confidence sent as a string as the wrong type, not missing', async () => {
    const [result] = await submitFeedback(
      { store: memoryStore(), relay: recordingRelay() },
      TENANT,
      [{ ...item, confidence: '0.5' }],
    );
    expect(result).toMatchObject({
      status: 'rejected',
      errors: [{ path: 'confidence', rule: 'type' }],
    });
  });

  it('accepts new feedback, stores it for the tenant and relays its id', async () => {
    const store = memoryStore();
    const relay = recordingRelay();

    const [result] = await submitFeedback({ store, relay }, TENANT, [item]);

    expect(result).toEqual({ index: 0, status: 'accepted', id: expect.any(String) });
    expect(store.insert).toHaveBeenCalledWith(TENANT, [
      expect.objectContaining({ input: item, fingerprint: expect.any(String) }),
    ]);
    expect(relay.relay).toHaveBeenCalledWith(TENANT, [idOf(result)]);
  });

  it('answers a retry of the same decision as a duplicate with the first id, relaying nothing', async () => {
    const { before, after, relay } = await submitTwice(item, { ...item });

    expect(after).toEqual({ index: 0, status: 'duplicate', id: idOf(before) });
    expect(relay.relay).not.toHaveBeenCalled();
  });

  it('answers a different decision for a decided proposal as a conflict on proposalId', async () => {
    const { before, after, relay } = await submitTwice(item, { ...item, action: 'rejected' });

    expect(after).toEqual({
      index: 0,
      status: 'conflict',
      id: idOf(before),
      errors: [expect.objectContaining({ path: 'proposalId', rule: 'oneDecisionPerProposal' })],
      omittedErrors: 0,
    });
    expect(relay.relay).not.toHaveBeenCalled();
  });

  it('rejects an invalid item with its field errors and never calls the store or relay', async () => {
    const store = memoryStore();
    const relay = recordingRelay();

    const results = await submitFeedback({ store, relay }, TENANT, [{ ...item, confidence: 2 }]);

    expect(results).toEqual([
      {
        index: 0,
        status: 'rejected',
        errors: [expect.objectContaining({ path: 'confidence', rule: 'maximum' })],
        omittedErrors: 0,
      },
    ]);
    expect(store.insert).not.toHaveBeenCalled();
    expect(relay.relay).not.toHaveBeenCalled();
  });

  it('prefixes every error of a batch item with its position', async () => {
    const store = memoryStore();
    const relay = recordingRelay();
    const items = [
      item,
      { ...item, proposalId: 'p-2' },
      { ...item, proposalId: 'p-3' },
      { ...item, proposalId: 'p-4', confidence: 1.5 },
    ];

    const results = await submitFeedback({ store, relay }, TENANT, items, (i) => `items[${i}]`);

    expect(results[3]).toMatchObject({
      status: 'rejected',
      errors: [{ path: 'items[3].confidence', rule: 'maximum' }],
    });
  });

  it('prefixes a conflict in a batch with its position', async () => {
    const store = memoryStore([
      { proposalId: 'p-1', id: 'old', fingerprint: 'other', inserted: false },
    ]);
    const relay = recordingRelay();

    const results = await submitFeedback({ store, relay }, TENANT, [item], (i) => `items[${i}]`);

    expect(results).toMatchObject([
      { status: 'conflict', id: 'old', errors: [{ path: 'items[0].proposalId' }] },
    ]);
  });

  it('stores a proposal repeated within one batch once: the repeat is a duplicate of it', async () => {
    const store = memoryStore();
    const relay = recordingRelay();

    const results = await submitFeedback({ store, relay }, TENANT, [item, { ...item }]);

    const [first, second] = results;
    expect(first).toMatchObject({ index: 0, status: 'accepted' });
    expect(second).toEqual({ index: 1, status: 'duplicate', id: idOf(first) });
    expect(store.insert.mock.calls[0]?.[1]).toHaveLength(1);
    expect(relay.relay).toHaveBeenCalledWith(TENANT, [idOf(first)]);
  });

  it('answers a different decision repeated within one batch as a conflict', async () => {
    const store = memoryStore();
    const relay = recordingRelay();

    const results = await submitFeedback({ store, relay }, TENANT, [
      item,
      { ...item, action: 'modified', userFilename: 'mine.jpg' },
    ]);

    expect(results.map((r) => r.status)).toEqual(['accepted', 'conflict']);
    expect(results[1]).toMatchObject({ id: idOf(results[0]) });
  });

  it('relays only the ids it inserted, not those of earlier decisions', async () => {
    const store = memoryStore([
      { proposalId: 'p-old', id: 'old-id', fingerprint: 'x', inserted: false },
    ]);
    const relay = recordingRelay();

    const results = await submitFeedback({ store, relay }, TENANT, [
      { ...item, proposalId: 'p-old' },
      { ...item, proposalId: 'p-new' },
    ]);

    const fresh = results[1];
    expect(fresh).toMatchObject({ status: 'accepted' });
    expect(relay.relay).toHaveBeenCalledTimes(1);
    expect(relay.relay).toHaveBeenCalledWith(TENANT, [idOf(fresh)]);
  });

  it('does not call the relay when the store inserted nothing', async () => {
    const store = memoryStore([
      { proposalId: 'p-1', id: 'old-id', fingerprint: 'x', inserted: false },
    ]);
    const relay = recordingRelay();

    await submitFeedback({ store, relay }, TENANT, [item]);

    expect(store.insert).toHaveBeenCalledTimes(1);
    expect(relay.relay).not.toHaveBeenCalled();
  });

  it('answers in input order whatever order the store reports in', async () => {
    const inner = memoryStore();
    const store = {
      insert: async (tenant: string, feedback: NewFeedback[]) =>
        (await inner.insert(tenant, feedback)).reverse(),
    };
    const relay = recordingRelay();
    const items = [
      { ...item, proposalId: 'a' },
      { ...item, proposalId: 'b', confidence: -1 },
      { ...item, proposalId: 'c' },
      { ...item, proposalId: 'a' },
      { ...item, proposalId: 'd' },
    ];

    const results = await submitFeedback({ store, relay }, TENANT, items);

    expect(results.map((r) => [r.index, r.status])).toEqual([
      [0, 'accepted'],
      [1, 'rejected'],
      [2, 'accepted'],
      [3, 'duplicate'],
      [4, 'accepted'],
    ]);
    const ids = results.filter((r) => r.status === 'accepted').map(idOf);
    expect(new Set(ids).size).toBe(3);
  });

  it('fails loudly when the store does not report a proposal', async () => {
    const store = { insert: async () => [] };
    const relay = recordingRelay();

    await expect(submitFeedback({ store, relay }, TENANT, [item])).rejects.toThrow(/p-1/);
    expect(relay.relay).not.toHaveBeenCalled();
  });
});

/** An item with `count` keys the schema does not know, each an error of its own. */
const withUnknownKeys = (count: number, proposalId = 'p-x') => ({
  ...item,
  proposalId,
  ...Object.fromEntries(Array.from({ length: count }, (_, k) => [`unknown_${k}`, k])),
});

describe('submitFeedback, error caps', () => {
  it('lists the first 20 errors of an item and counts the rest', async () => {
    const [result] = await submitFeedback(
      { store: memoryStore(), relay: recordingRelay() },
      TENANT,
      [withUnknownKeys(440)],
    );

    expect(result).toMatchObject({ status: 'rejected', omittedErrors: 420 });
    expect(result && 'errors' in result ? result.errors : []).toHaveLength(20);
  });

  it('lists at most 100 errors over a whole batch, earliest items first, counting the rest', async () => {
    const items = Array.from({ length: 500 }, (_, i) => withUnknownKeys(440, `p-${i}`));

    const results = await submitFeedback(
      { store: memoryStore(), relay: recordingRelay() },
      TENANT,
      items,
      (i) => `items[${i}]`,
    );

    const listed = results.map((r) => ('errors' in r ? r.errors.length : 0));
    const omitted = results.map((r) => ('errors' in r ? r.omittedErrors : 0));
    expect(listed.slice(0, 6)).toEqual([20, 20, 20, 20, 20, 0]);
    expect(listed.reduce((a, b) => a + b, 0)).toBe(100);
    expect(omitted.reduce((a, b) => a + b, 0)).toBe(500 * 440 - 100);
    expect(JSON.stringify(results).length).toBeLessThan(100_000);
  });

  it('keeps a valid item stored when its neighbours break every rule', async () => {
    const store = memoryStore();
    const items = [withUnknownKeys(50, 'p-bad'), { ...item, proposalId: 'p-good' }];

    const results = await submitFeedback({ store, relay: recordingRelay() }, TENANT, items);

    expect(results[1]).toMatchObject({ status: 'accepted' });
  });
});
