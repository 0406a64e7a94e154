import { BadRequestError } from '../errors';
import type { Experiment } from './definition';

/** Experiments per page of `GET /v1/experiments`, when the client does not say. */
export const DEFAULT_LIST_PAGE_SIZE = 20;
/**
 * At most this many per page. A concluded experiment with five variants, the longest
 * description and its frozen results is about 12 KB: 50 of them stay well under 1 MB. A
 * tenant's list without pages grows without bound, past Lambda's 6 MB answer in the end.
 */
export const MAX_LIST_PAGE_SIZE = 50;

type Position = Pick<Experiment, 'createdAt' | 'experimentId'>;

const TEXT = /^[A-Za-z0-9_-]{1,200}$/;
const POSITION = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|([A-Za-z0-9._-]{1,100})$/;

/** Newest first, then by id: a total order, so that a page boundary is never ambiguous. */
export function newestFirst(a: Position, b: Position): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return a.experimentId < b.experimentId ? 1 : a.experimentId > b.experimentId ? -1 : 0;
}

/**
 * The page of a newest-first list that starts after `cursor`, and the cursor of the next
 * one (null on the last). A cursor only positions the caller's own list, so it need not be
 * signed; one this API did not give out is a 400 naming `cursor`.
 */
export function pageOfExperiments(
  sorted: readonly Experiment[],
  limit: number,
  cursor: string | undefined,
): { experiments: Experiment[]; nextCursor: string | null } {
  const after = cursor === undefined ? undefined : decodeListCursor(cursor);
  const start = after === undefined ? 0 : sorted.findIndex((e) => newestFirst(e, after) > 0);
  const from = start < 0 ? sorted.length : start;
  const experiments = sorted.slice(from, from + limit);
  const last = experiments[experiments.length - 1];
  const more = from + limit < sorted.length;
  return { experiments, nextCursor: more && last ? encodeListCursor(last) : null };
}

export function encodeListCursor({ createdAt, experimentId }: Position): string {
  return Buffer.from(`${createdAt}|${experimentId}`, 'utf8').toString('base64url');
}

function decodeListCursor(text: string): Position {
  const match = TEXT.test(text)
    ? POSITION.exec(Buffer.from(text, 'base64url').toString('utf8'))
    : null;
  const position = match ? { createdAt: match[1] ?? '', experimentId: match[2] ?? '' } : undefined;
  // Base64url decoding skips stray characters: only the text it would have given out counts.
  if (!position || encodeListCursor(position) !== text) {
    throw new BadRequestError('The cursor is not one this API gave out', {
      errors: [
        {
          path: 'cursor',
          rule: 'cursor',
          message: 'pass the X-Next-Cursor of the previous page unchanged',
        },
      ],
    });
  }
  return position;
}
