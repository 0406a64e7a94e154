import { describe, expect, it } from 'vitest';
import { ValidationError } from '#core/errors';
import type { TrainingCursor } from '#core/training-cursor';
import {
  parseTrainingDataQuery,
  type TrainingRow,
  toTrainingExample,
  writeTrainingPage,
} from '#core/training-data';

const row: TrainingRow = {
  id: '0b7e7a6c-3f0e-4d36-9a41-3c1f2e8e9a10',
  receivedAt: '2024-06-01T10:00:00.123456Z',
  originalFilename: 'IMG_4032.JPG',
  proposedFilename: '2024-06-01_beach.jpg',
  userFilename: null,
  action: 'approved',
  confidence: 0.9,
  modelVersion: 'v1',
};

function rowsOf(count: number): TrainingRow[] {
  return Array.from({ length: count }, (_, i) => ({
    ...row,
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  }));
}

/** A readable stand-in for the signed cursor: these tests are about where pages end. */
const cursorOf = ({ receivedAt, id }: TrainingCursor) => `${receivedAt}|${id}`;

/** What the adapter does: yields at most `max` rows, after `max` it reads no more. */
function reader(rows: readonly TrainingRow[]) {
  const asked: number[] = [];
  const read = async function* (max: number) {
    asked.push(max);
    for (const r of rows.slice(0, max)) yield r;
  };
  return { read, asked };
}

function problemsOf(raw: Record<string, string>): { status: number; path: string; rule: string }[] {
  try {
    parseTrainingDataQuery(raw);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return error.errors.map(({ path, rule }) => ({ status: error.status, path, rule }));
  }
  return [];
}

describe('parseTrainingDataQuery', () => {
  it('defaults to pages of 1000 from the start', () => {
    expect(parseTrainingDataQuery({})).toEqual({ limit: 1000 });
  });

  it('reads filters, a limit, and the cursor as sent (trainingCursors checks it)', () => {
    const cursor = 'anything.a-cursor-is-checked-with-its-key';
    expect(
      parseTrainingDataQuery({
        modelVersion: 'v1',
        since: '2024-06-01T02:00:00+02:00',
        until: '2024-06-02T00:00:00Z',
        cursor,
        limit: '50',
      }),
    ).toEqual({
      modelVersion: 'v1',
      since: new Date('2024-06-01T00:00:00Z'),
      until: new Date('2024-06-02T00:00:00Z'),
      cursor,
      limit: 50,
    });
  });

  it('refuses bad limits, an until before since and unknown parameters with a 422', () => {
    expect(problemsOf({ limit: '0' })).toEqual([{ status: 422, path: 'limit', rule: 'minimum' }]);
    expect(problemsOf({ limit: '5001' })).toEqual([
      { status: 422, path: 'limit', rule: 'maximum' },
    ]);
    expect(problemsOf({ limit: 'ten' })).toEqual([{ status: 422, path: 'limit', rule: 'type' }]);
    expect(problemsOf({ since: '2024-06-02T00:00:00Z', until: '2024-06-01T00:00:00Z' })).toEqual([
      { status: 422, path: 'until', rule: 'afterSince' },
    ]);
    expect(problemsOf({ since: '2024-06-01' })).toEqual([
      { status: 422, path: 'since', rule: 'datetime' },
    ]);
    expect(problemsOf({ offset: '3' })).toEqual([
      { status: 422, path: 'offset', rule: 'unknownField' },
    ]);
  });
});

describe('toTrainingExample', () => {
  it('labels each decision and names the file it ended with', () => {
    expect(toTrainingExample(row)).toEqual({
      originalFilename: 'IMG_4032.JPG',
      proposedFilename: '2024-06-01_beach.jpg',
      finalFilename: '2024-06-01_beach.jpg',
      label: 'approved',
      confidence: 0.9,
      modelVersion: 'v1',
      decidedAt: '2024-06-01T10:00:00.123456Z',
    });
    expect(
      toTrainingExample({ ...row, action: 'modified', userFilename: 'beach.jpg' }).finalFilename,
    ).toBe('beach.jpg');
    expect(toTrainingExample({ ...row, action: 'rejected' }).finalFilename).toBeNull();
  });
});

describe('writeTrainingPage', () => {
  it('writes one JSON line per row and no cursor when all fit', async () => {
    const { read, asked } = reader(rowsOf(3));
    const page = await writeTrainingPage(read, { limit: 5, maxBytes: 1_000_000, cursorOf });
    expect(asked).toEqual([6]);
    expect(page.count).toBe(3);
    expect(page.nextCursor).toBeNull();
    const lines = page.body.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((line) => JSON.parse(line).label)).toEqual([
      'approved',
      'approved',
      'approved',
    ]);
  });

  it('gives a cursor after the last row when more follow, and none when exactly full', async () => {
    const rows = rowsOf(4);
    const full = await writeTrainingPage(reader(rows).read, {
      limit: 3,
      maxBytes: 1_000_000,
      cursorOf,
    });
    expect(full.count).toBe(3);
    expect(full.nextCursor).toBe(`${row.receivedAt}|${rows[2]?.id}`);
    const exact = await writeTrainingPage(reader(rows).read, {
      limit: 4,
      maxBytes: 1_000_000,
      cursorOf,
    });
    expect(exact.nextCursor).toBeNull();
  });

  it('stops a page early before the byte limit, escaped as the Lambda answer carries it', async () => {
    const rows = rowsOf(10);
    const lineBytes =
      JSON.stringify(`${JSON.stringify(toTrainingExample(rows[0] as TrainingRow))}\n`).length - 2;
    const page = await writeTrainingPage(reader(rows).read, {
      limit: 10,
      maxBytes: lineBytes * 3 + 1,
      cursorOf,
    });
    expect(page.count).toBe(3);
    expect(page.nextCursor).toBe(`${row.receivedAt}|${rows[2]?.id}`);
  });

  it('writes an empty page with no cursor when there is nothing', async () => {
    expect(
      await writeTrainingPage(reader([]).read, { limit: 10, maxBytes: 100, cursorOf }),
    ).toEqual({
      body: '',
      count: 0,
      nextCursor: null,
    });
  });
});
