import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../local/api-keys';
import { call, feedback } from './support/client';
import { startSystem, type TestSystem } from './support/system';

let system: TestSystem;
let otherAdminKey: string;

/** The tenant `default` decides these; `final` is the name the file should end with. */
const DECISIONS = [
  { action: 'approved', confidence: 0.95, modelVersion: 'td-1' },
  { action: 'approved', confidence: 0.92, modelVersion: 'td-1' },
  { action: 'approved', confidence: 0.15, modelVersion: 'td-1' },
  { action: 'rejected', confidence: 0.55, modelVersion: 'td-1' },
  { action: 'rejected', confidence: 0.55, modelVersion: 'td-1' },
  // Edit distances from `aaaa.jpg`: 1/8, 2/8 and 4/8.
  { action: 'modified', confidence: 0.7, modelVersion: 'td-1', userFilename: 'aaab.jpg' },
  { action: 'modified', confidence: 0.7, modelVersion: 'td-1', userFilename: 'aabb.jpg' },
  { action: 'modified', confidence: 0.7, modelVersion: 'td-1', userFilename: 'bbbb.jpg' },
  { action: 'approved', confidence: 0.99, modelVersion: 'td-2' },
  { action: 'approved', confidence: 0.98, modelVersion: 'td-2' },
].map((decision, i) => ({
  ...decision,
  originalFilename: `IMG_${String(i).padStart(4, '0')}.JPG`,
  proposedFilename: 'aaaa.jpg',
}));

beforeAll(async () => {
  system = await startSystem('training-data');
  otherAdminKey = (await createApiKey(system.databaseUrl, 'admin', { tenantId: 'tenant-b' })).key;
  const mine = await call(system.url, 'POST', '/v1/feedback/batch', {
    key: system.userKey,
    body: { items: DECISIONS.map((decision) => feedback(decision)) },
  });
  expect(mine.body).toMatchObject({ accepted: DECISIONS.length });
  const theirs = await call(system.url, 'POST', '/v1/feedback', {
    key: otherAdminKey,
    body: feedback({
      modelVersion: 'td-1',
      originalFilename: 'TENANT_B.JPG',
      action: 'modified',
      userFilename: 'zzzzzzzz',
      confidence: 0.05,
    }),
  });
  expect(theirs.status).toBe(202);
  await system.emulator.drain();
});
afterAll(async () => {
  await system?.stop();
});

interface Example {
  originalFilename: string;
  proposedFilename: string;
  finalFilename: string | null;
  label: string;
  confidence: number;
  modelVersion: string;
  decidedAt: string;
}

/** One page of the export, read as NDJSON (the JSON client would parse a one-line page). */
async function exportPage(key: string, query: string) {
  const response = await fetch(new URL(`/v1/training-data?${query}`, system.url), {
    headers: { authorization: `Bearer ${key}` },
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text };
}

async function exportAll(key: string, query: string): Promise<{ pages: number; lines: Example[] }> {
  const lines: Example[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await exportPage(
      key,
      cursor === null ? query : `${query}&cursor=${encodeURIComponent(cursor)}`,
    );
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('application/x-ndjson');
    pages += 1;
    for (const line of page.text.split('\n').filter((l) => l !== '')) {
      lines.push(JSON.parse(line) as Example);
    }
    cursor = page.headers.get('x-next-cursor');
  } while (cursor !== null && pages < 100);
  return { pages, lines };
}

describe('GET /v1/metrics: proposal quality', () => {
  it('reports approval per day, the confidence histogram and the edit distance', async () => {
    const answer = await call(system.url, 'GET', '/v1/metrics?modelVersion=td-1', {
      key: system.userKey,
    });
    expect(answer.status).toBe(200);
    const days = await system.db.query<{ day: string }>(
      `SELECT DISTINCT to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day
         FROM feedback WHERE model_version = 'td-1' AND tenant_id = 'default'`,
    );
    // One submission: one UTC day, unless it straddled midnight.
    expect(days.rows).toHaveLength(1);
    expect(answer.body.approvalRateByDay).toEqual([
      { day: days.rows[0]?.day, modelVersion: 'td-1', total: 8, approved: 3, approvalRate: 0.375 },
    ]);
    const histogram = answer.body.confidenceHistogram as { lo: number; count: number }[];
    expect(histogram).toHaveLength(10);
    expect(
      Object.fromEntries(histogram.filter((b) => b.count > 0).map((b) => [b.lo, b.count])),
    ).toEqual({ 0.1: 1, 0.5: 2, 0.7: 3, 0.9: 2 });
    expect(answer.body.editDistance).toEqual({
      count: 3,
      mean: 0.291667,
      p50: 0.255,
      p90: 0.505,
    });
  });

  it('keeps model versions apart per day and other tenants out', async () => {
    const answer = await call(system.url, 'GET', '/v1/metrics', { key: system.userKey });
    const byDay = answer.body.approvalRateByDay as { modelVersion: string; total: number }[];
    expect(byDay.map(({ modelVersion, total }) => ({ modelVersion, total }))).toEqual([
      { modelVersion: 'td-1', total: 8 },
      { modelVersion: 'td-2', total: 2 },
    ]);
    // tenant-b's modified feedback (distance 1, confidence 0.05) is not in default's figures.
    expect(answer.body.editDistance).toMatchObject({ count: 3 });
    const theirs = await call(system.url, 'GET', '/v1/metrics', { key: otherAdminKey });
    expect(theirs.body.editDistance).toEqual({ count: 1, mean: 1, p50: 0.995, p90: 0.995 });
  });

  it('answers null edit distances when nothing was modified', async () => {
    const answer = await call(system.url, 'GET', '/v1/metrics?modelVersion=td-2', {
      key: system.userKey,
    });
    expect(answer.body.editDistance).toEqual({ count: 0, mean: null, p50: null, p90: null });
  });
});

describe('GET /v1/training-data', () => {
  it('pages through every example of the tenant exactly once, oldest first', async () => {
    const { pages, lines } = await exportAll(system.adminKey, 'limit=3');
    expect(pages).toBe(4);
    const names = lines.map((line) => line.originalFilename);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual(DECISIONS.map((d) => d.originalFilename).sort());
    const times = lines.map((line) => line.decidedAt);
    expect(times).toEqual([...times].sort());
    expect(times.every((t) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/.test(t))).toBe(true);
  });

  it('labels each example and names the file it ended with', async () => {
    const { lines } = await exportAll(system.adminKey, 'modelVersion=td-1&limit=5000');
    const byName = new Map(lines.map((line) => [line.originalFilename, line]));
    expect(byName.get('IMG_0000.JPG')).toEqual({
      originalFilename: 'IMG_0000.JPG',
      proposedFilename: 'aaaa.jpg',
      finalFilename: 'aaaa.jpg',
      label: 'approved',
      confidence: 0.95,
      modelVersion: 'td-1',
      decidedAt: expect.any(String),
    });
    expect(byName.get('IMG_0003.JPG')).toMatchObject({ label: 'rejected', finalFilename: null });
    expect(byName.get('IMG_0007.JPG')).toMatchObject({
      label: 'modified',
      finalFilename: 'bbbb.jpg',
    });
    expect(lines).toHaveLength(8);
  });

  it('shows a tenant only its own examples, and a user key none', async () => {
    const theirs = await exportAll(otherAdminKey, 'limit=10');
    expect(theirs.lines.map((line) => line.originalFilename)).toEqual(['TENANT_B.JPG']);
    const mine = await exportAll(system.adminKey, '');
    expect(mine.lines.map((line) => line.originalFilename)).not.toContain('TENANT_B.JPG');
    const asUser = await exportPage(system.userKey, '');
    expect(asUser.status).toBe(403);
  });

  it('filters by time: nothing before since, nothing at or after until', async () => {
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await exportAll(system.adminKey, `since=${future}`)).lines).toEqual([]);
    expect((await exportAll(system.adminKey, `until=2000-01-01T00:00:00Z`)).lines).toEqual([]);
  });

  it('refuses a cursor it did not give out with a 400 naming cursor', async () => {
    const answer = await call(system.url, 'GET', '/v1/training-data?cursor=bogus', {
      key: system.adminKey,
    });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toBe('application/problem+json');
    expect(answer.body.errors).toEqual([expect.objectContaining({ path: 'cursor' })]);
  });

  it('refuses a crafted cursor holding a date that does not exist with a 400, not a 500', async () => {
    const [{ id } = { id: '' }] = (
      await system.db.query<{ id: string }>('SELECT id FROM feedback LIMIT 1')
    ).rows;
    const crafted = Buffer.from(`2024-02-30T00:00:00.000000Z|${id}`).toString('base64url');
    const answer = await call(system.url, 'GET', `/v1/training-data?cursor=${crafted}`, {
      key: system.adminKey,
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([expect.objectContaining({ path: 'cursor' })]);
    expect(JSON.stringify(answer.body)).not.toMatch(/date\/time|out of range|SELECT/);
  });

  it('refuses a cursor it gave out when changed, or used by another tenant or filter', async () => {
    const first = await exportPage(system.adminKey, 'limit=2&modelVersion=td-1');
    const cursor = first.headers.get('x-next-cursor') ?? '';
    expect(cursor).not.toBe('');
    const next = await exportPage(
      system.adminKey,
      `limit=2&modelVersion=td-1&cursor=${encodeURIComponent(cursor)}`,
    );
    expect(next.status).toBe(200);

    const flipped = `${cursor.slice(0, 5)}${cursor[5] === 'A' ? 'B' : 'A'}${cursor.slice(6)}`;
    for (const [key, query] of [
      [system.adminKey, `limit=2&modelVersion=td-1&cursor=${encodeURIComponent(flipped)}`],
      [otherAdminKey, `limit=2&modelVersion=td-1&cursor=${encodeURIComponent(cursor)}`],
      [system.adminKey, `limit=2&modelVersion=td-2&cursor=${encodeURIComponent(cursor)}`],
      [system.adminKey, `limit=2&cursor=${encodeURIComponent(cursor)}`],
    ] as const) {
      const answer = await exportPage(key, query);
      expect(answer.status, query).toBe(400);
      expect(JSON.parse(answer.text).errors, query).toEqual([
        expect.objectContaining({ path: 'cursor', rule: 'cursor' }),
      ]);
    }
  });

  it('refuses bad filters and limits with a 422 naming each', async () => {
    for (const [query, path, rule] of [
      ['limit=9999', 'limit', 'maximum'],
      ['since=2024-06-02T00:00:00Z&until=2024-06-01T00:00:00Z', 'until', 'afterSince'],
      ['since=yesterday', 'since', 'datetime'],
    ]) {
      const answer = await call(system.url, 'GET', `/v1/training-data?${query}`, {
        key: system.adminKey,
      });
      expect(answer.status, query).toBe(422);
      expect(answer.body.errors, query).toEqual([expect.objectContaining({ path, rule })]);
    }
  });
});
