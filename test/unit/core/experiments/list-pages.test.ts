import { describe, expect, it } from 'vitest';
import { BadRequestError } from '#core/errors';
import { type Experiment, newExperiment } from '#core/experiments/definition';
import { encodeListCursor, pageOfExperiments } from '#core/experiments/list-pages';
import { listExperiments } from '#core/experiments/service';

const body = {
  name: 'v2 vs v1',
  variants: [
    { key: 'control', modelVersion: 'v1', weight: 0.5 },
    { key: 'treatment', modelVersion: 'v2', weight: 0.5 },
  ],
  minimumDetectableEffect: 0.02,
};
// 45 experiments, three created in each second: page boundaries fall inside a second too.
const experiments: Experiment[] = Array.from({ length: 45 }, (_, i) =>
  newExperiment(
    't',
    `exp-${String(i).padStart(2, '0')}`,
    body,
    new Date(Date.UTC(2026, 0, 1, 0, 0, Math.floor(i / 3))),
  ),
);
const store = { list: async () => experiments } as never;

async function allPages(query: Record<string, string>) {
  const seen: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await listExperiments({ store }, 't', { ...query, ...(cursor ? { cursor } : {}) });
    seen.push(page.experiments.map((e) => e.experimentId));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return seen;
}

describe('GET /v1/experiments, a page at a time', () => {
  it('answers 20 by default, newest first, then the rest, each experiment once', async () => {
    const pages = await allPages({});

    expect(pages.map((p) => p.length)).toEqual([20, 20, 5]);
    expect(pages.flat()).toEqual(experiments.map((e) => e.experimentId).reverse());
  });

  it('takes a limit of 1 to 50', async () => {
    expect((await allPages({ limit: '50' })).map((p) => p.length)).toEqual([45]);
    await expect(listExperiments({ store }, 't', { limit: '51' })).rejects.toThrow('invalid');
  });

  it('refuses a cursor it did not give out with a 400 naming cursor', () => {
    const forged = [
      'not-a-cursor',
      Buffer.from('2026-02-30T00:00:00.000Z|x; DROP TABLE').toString('base64url'),
      `${encodeListCursor({ createdAt: '2026-01-01T00:00:00.000Z', experimentId: 'a' })}!`,
    ];
    for (const cursor of forged) {
      expect(() => pageOfExperiments(experiments, 20, cursor)).toThrow(BadRequestError);
    }
  });

  it('ends the list at a cursor past its last experiment', () => {
    const last = encodeListCursor({ createdAt: '2000-01-01T00:00:00.000Z', experimentId: 'a' });

    expect(pageOfExperiments(experiments, 20, last)).toEqual({ experiments: [], nextCursor: null });
  });
});
