import { createHmac, timingSafeEqual } from 'node:crypto';
import { BadRequestError } from './errors';

/** Where a page of training data starts: after this (received_at, id). */
export interface TrainingCursor {
  /** received_at in UTC to the microsecond, as PostgreSQL keeps it: `...T10:00:00.123456Z`. */
  receivedAt: string;
  id: string;
}

/** What a cursor is valid for: the export it came from. Another tenant or filter refuses it. */
export interface TrainingCursorScope {
  tenantId: string;
  modelVersion?: string;
  since?: Date;
  until?: Date;
}

/** Signs and checks the cursors of one export. */
export interface TrainingCursors {
  sign(position: TrainingCursor): string;
  /** The position a cursor of this export holds; a 400 naming `cursor` for any other text. */
  verify(text: string): TrainingCursor;
}

/** Signing keys shorter than this are refused: HMAC-SHA256 wants at least 256 bits. */
export const MIN_CURSOR_KEY_BYTES = 32;

// Changing what a cursor holds or how it is signed changes this, so old cursors are refused.
const PURPOSE = 'rename-feedback training-data cursor v1';
const SHAPE = /^([A-Za-z0-9_-]{1,120})\.([A-Za-z0-9_-]{43})$/;
const CURSOR_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3})\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Cursors a client cannot forge: `<position>.<HMAC-SHA256>`, base64url, the MAC over the
 * position as sent and over the export it belongs to (tenant, filters). A cursor is checked
 * before anything reads what it holds, so text this API did not give out (a guess, an edit,
 * another tenant's or another filter's cursor) is a 400 and never reaches the database.
 */
export function trainingCursors(key: Buffer, scope: TrainingCursorScope): TrainingCursors {
  if (key.length < MIN_CURSOR_KEY_BYTES) {
    throw new Error(`A cursor signing key needs at least ${MIN_CURSOR_KEY_BYTES} bytes`);
  }
  const context = [
    PURPOSE,
    scope.tenantId,
    scope.modelVersion ?? '',
    scope.since?.toISOString() ?? '',
    scope.until?.toISOString() ?? '',
  ].join('\n');
  const macOf = (position: string) =>
    createHmac('sha256', key).update(`${context}\n${position}`, 'utf8').digest();

  return {
    sign({ receivedAt, id }) {
      const position = Buffer.from(`${receivedAt}|${id}`, 'utf8').toString('base64url');
      return `${position}.${macOf(position).toString('base64url')}`;
    },
    verify(text) {
      const [, position = '', mac = ''] = SHAPE.exec(text) ?? [];
      const given = Buffer.from(mac, 'base64url');
      const expected = macOf(position);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw notOurs();
      }
      // Signed by us, so well formed; checked again all the same, as a signing key may leak.
      const found = parsePosition(Buffer.from(position, 'base64url').toString('utf8'));
      if (!found) throw notOurs();
      return found;
    },
  };
}

function parsePosition(text: string): TrainingCursor | null {
  const [receivedAt = '', id = '', ...rest] = text.split('|');
  const time = CURSOR_TIME.exec(receivedAt);
  if (rest.length > 0 || !time?.[1] || !UUID.test(id)) return null;
  // A date that does not exist (February 30) would roll over in Date; PostgreSQL refuses it.
  const instant = new Date(`${time[1]}Z`);
  if (Number.isNaN(instant.getTime()) || instant.toISOString() !== `${time[1]}Z`) return null;
  return { receivedAt, id };
}

function notOurs(): BadRequestError {
  return new BadRequestError('The cursor is not one this API gave out', {
    errors: [
      {
        path: 'cursor',
        rule: 'cursor',
        message: 'pass the X-Next-Cursor of the previous page unchanged, with the same filters',
      },
    ],
  });
}
