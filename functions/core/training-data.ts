import * as z from 'zod';
import type { TrainingExample } from './contract/training-data-contract';
import { ValidationError } from './errors';
import { modelVersionSchema } from './feedback';
import { toFieldErrors } from './field-errors';
import type { ClaimedFeedback } from './learning';
import type { TrainingCursor } from './training-cursor';

export const DEFAULT_TRAINING_PAGE_SIZE = 1000;
export const MAX_TRAINING_PAGE_SIZE = 5000;
/**
 * A Lambda answer may be 6 MB, counted on the JSON that wraps the body (where every `"`
 * of a line costs two bytes). Pages stop before 5 MiB of that, leaving room for the rest.
 */
export const MAX_TRAINING_PAGE_BYTES = 5 * 1024 * 1024;

/** `GET /v1/training-data` query. */
export const trainingDataQuerySchema = z
  .strictObject({
    modelVersion: modelVersionSchema
      .optional()
      .describe('Only this model version; all of them when absent'),
    since: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('Only decisions received at or after this moment, ISO 8601 with an offset'),
    until: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('Only decisions received before this moment, ISO 8601 with an offset'),
    cursor: z
      .string()
      .max(200)
      .optional()
      .describe(
        'Where to continue: the `X-Next-Cursor` of the previous page, with the same filters',
      ),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(MAX_TRAINING_PAGE_SIZE)
      .optional()
      .describe(
        `Examples per page, 1 to ${MAX_TRAINING_PAGE_SIZE}, default ` +
          `${DEFAULT_TRAINING_PAGE_SIZE}; a page may hold fewer to stay under 5 MiB`,
      ),
  })
  .refine(
    (q) =>
      q.since === undefined || q.until === undefined || Date.parse(q.since) < Date.parse(q.until),
    { path: ['until'], message: 'must be later than since', params: { rule: 'afterSince' } },
  );

/** What the export reads: the filters, and where the page starts. */
export interface TrainingDataQuery {
  modelVersion?: string;
  since?: Date;
  until?: Date;
  after?: TrainingCursor;
  limit: number;
}

/** The query string, read: the cursor still as sent, checked by `trainingCursors`. */
export type TrainingDataRequest = Omit<TrainingDataQuery, 'after'> & { cursor?: string };

/** Parses the query string; a broken rule is a 422 naming the parameter. */
export function parseTrainingDataQuery(
  raw: Record<string, string | undefined>,
): TrainingDataRequest {
  const parsed = trainingDataQuerySchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    throw new ValidationError('The query string is invalid', {
      errors: toFieldErrors(parsed.error),
    });
  }
  const { modelVersion, since, until, cursor, limit } = parsed.data;
  return {
    modelVersion,
    since: since === undefined ? undefined : new Date(since),
    until: until === undefined ? undefined : new Date(until),
    cursor,
    limit: limit ?? DEFAULT_TRAINING_PAGE_SIZE,
  };
}

/** A stored decision as the export reads it. */
export interface TrainingRow {
  id: string;
  /** UTC to the microsecond, as in a cursor. */
  receivedAt: string;
  originalFilename: string;
  proposedFilename: string;
  userFilename: string | null;
  action: ClaimedFeedback['action'];
  confidence: number;
  modelVersion: string;
}

/**
 * A decision as a training example. The final name is what the file ended up called: the
 * proposal when approved, the person's name when modified; a rejection says the proposal
 * was wrong without saying what is right, so it has none (null).
 */
export function toTrainingExample(row: TrainingRow): TrainingExample {
  return {
    originalFilename: row.originalFilename,
    proposedFilename: row.proposedFilename,
    finalFilename:
      row.action === 'approved'
        ? row.proposedFilename
        : row.action === 'modified'
          ? row.userFilename
          : null,
    label: row.action,
    confidence: row.confidence,
    modelVersion: row.modelVersion,
    decidedAt: row.receivedAt,
  };
}

export interface TrainingPage {
  /** NDJSON: one example per line, each ending in `\n`; empty when there are none. */
  body: string;
  count: number;
  /** Where the next page starts; null on the last page. */
  nextCursor: string | null;
}

/**
 * Writes one page of NDJSON from rows read in key order, converting each row to its line
 * as it arrives (no array of examples is held). `read(max)` yields at most `max` rows; one
 * more than the page holds is asked for, so the last page is known to be the last. A page
 * stops early before `maxBytes` (at least one line is always written). `cursorOf` makes the
 * cursor after the last row, when more follow.
 */
export async function writeTrainingPage(
  read: (max: number) => AsyncIterable<TrainingRow>,
  options: { limit: number; maxBytes: number; cursorOf: (position: TrainingCursor) => string },
): Promise<TrainingPage> {
  const lines: string[] = [];
  let bytes = 0;
  let last: TrainingRow | undefined;
  let more = false;
  for await (const row of read(options.limit + 1)) {
    const line = `${JSON.stringify(toTrainingExample(row))}\n`;
    // Counted as it travels: escaped inside the JSON envelope of the Lambda answer.
    const cost = Buffer.byteLength(JSON.stringify(line), 'utf8') - 2;
    if (lines.length === options.limit || (lines.length > 0 && bytes + cost > options.maxBytes)) {
      more = true;
      break;
    }
    lines.push(line);
    bytes += cost;
    last = row;
  }
  return {
    body: lines.join(''),
    count: lines.length,
    nextCursor:
      more && last ? options.cursorOf({ receivedAt: last.receivedAt, id: last.id }) : null,
  };
}
