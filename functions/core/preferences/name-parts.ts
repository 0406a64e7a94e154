import { type CalendarDate, type DateFormat, findDate, formatDate } from './dates';

/** A word of a name, or its date. `added` marks a word a rule inserted as typed. */
export type NamePart =
  | { kind: 'word'; text: string; added?: boolean }
  | { kind: 'date'; date: CalendarDate; format: DateFormat };

/**
 * A file name taken apart: the stem's parts (words and at most one date) with the exact
 * text between them, and the extension. Rendering it gives the name back unchanged.
 */
export interface ParsedName {
  /** Separator characters before the first part. */
  lead: string;
  parts: NamePart[];
  /** `joiners[i]` sits between `parts[i]` and `parts[i + 1]`; '' where words run together. */
  joiners: string[];
  /** Separator characters after the last part. */
  trail: string;
  /** Without its dot; null when the name has none. */
  extension: string | null;
}

export const SEPARATORS = {
  space: ' ',
  underscore: '_',
  hyphen: '-',
  dot: '.',
  camelCase: '',
} as const;

export type Separator = keyof typeof SEPARATORS;

const SEPARATOR_RUN = /[ _.-]+/gu;
const NEEDS_SPLITTING = /[(\p{Lu}]/u;
// An extension is a short run of letters and digits with at least one letter, after a
// non-empty stem: `.bashrc` has no extension, `photo.2024` has none either.
const EXTENSION = /^(.+)\.([\p{L}\p{N}]{1,8})$/u;

/** Takes a file name apart into words, date and extension (see ParsedName). */
export function parseName(filename: string): ParsedName {
  const withExtension = EXTENSION.exec(filename);
  const hasExtension =
    withExtension?.[1] !== undefined &&
    withExtension[2] !== undefined &&
    /\p{L}/u.test(withExtension[2]);
  const stem = hasExtension ? (withExtension?.[1] ?? filename) : filename;
  const extension = hasExtension ? (withExtension?.[2] ?? null) : null;

  const pieces: Array<{ separator: string } | { part: NamePart }> = [];
  const date = findDate(stem);
  if (date) {
    pieces.push(...piecesOf(stem.slice(0, date.start)));
    pieces.push({ part: { kind: 'date', date: date.date, format: date.format } });
    pieces.push(...piecesOf(stem.slice(date.end)));
  } else {
    pieces.push(...piecesOf(stem));
  }

  const parsed: ParsedName = { lead: '', parts: [], joiners: [], trail: '', extension };
  let pending = '';
  for (const piece of pieces) {
    if ('separator' in piece) {
      pending += piece.separator;
      continue;
    }
    if (parsed.parts.length === 0) parsed.lead = pending;
    else parsed.joiners.push(pending);
    pending = '';
    parsed.parts.push(piece.part);
  }
  if (parsed.parts.length === 0) parsed.lead = pending;
  else parsed.trail = pending;
  return parsed;
}

function piecesOf(text: string): Array<{ separator: string } | { part: NamePart }> {
  const pieces: Array<{ separator: string } | { part: NamePart }> = [];
  let last = 0;
  const chunk = (end: number) => {
    for (const word of splitWords(text.slice(last, end))) {
      pieces.push({ part: { kind: 'word', text: word } });
    }
  };
  for (const match of text.matchAll(SEPARATOR_RUN)) {
    chunk(match.index);
    pieces.push({ separator: match[0] });
    last = match.index + match[0].length;
  }
  chunk(text.length);
  return pieces;
}

/**
 * Splits a run of text without separators into words: `(1)`-style counters stand alone,
 * and camelCase splits where a lower-case letter or digit meets a capital (`beachTrip`) or
 * an acronym meets a capitalized word (`ACMEReport`).
 */
function splitWords(text: string): string[] {
  if (text === '') return [];
  // Every rule below needs a capital or a bracket; most words have neither.
  if (!NEEDS_SPLITTING.test(text)) return [text];
  return text
    .replace(/(\(\d+\))/gu, '\u0001$1\u0001')
    .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1\u0001$2')
    .replace(/(\p{Lu}+)(\p{Lu}\p{Ll})/gu, '$1\u0001$2')
    .split('\u0001')
    .filter((word) => word !== '');
}

/** Puts a parsed name back together. */
export function renderName(name: ParsedName): string {
  let stem = name.lead;
  name.parts.forEach((part, index) => {
    if (index > 0) stem += name.joiners[index - 1] ?? '';
    stem += part.kind === 'word' ? part.text : formatDate(part.date, part.format);
  });
  stem += name.trail;
  return name.extension === null ? stem : `${stem}.${name.extension}`;
}

/** The text between consecutive words (a date does not count), when there are two words. */
export function wordJoinersOf(name: ParsedName): string[] {
  const joiners: string[] = [];
  for (let i = 1; i < name.parts.length; i += 1) {
    if (name.parts[i - 1]?.kind === 'word' && name.parts[i]?.kind === 'word') {
      joiners.push(name.joiners[i - 1] ?? '');
    }
  }
  return joiners;
}

/**
 * The separator between the words of a name: one of SEPARATORS when every pair of words is
 * joined by it, `mixed` when they differ, undefined with fewer than two words.
 */
export function wordSeparatorOf(name: ParsedName): Separator | 'mixed' | undefined {
  const joiners = wordJoinersOf(name);
  if (joiners.length === 0) return undefined;
  const first = joiners[0];
  if (!joiners.every((joiner) => joiner === first)) return 'mixed';
  const found = (Object.keys(SEPARATORS) as Separator[]).find((s) => SEPARATORS[s] === first);
  return found ?? 'mixed';
}

/** How a token is compared across names: case does not make it another token. */
export function tokenKey(text: string): string {
  return text.toLowerCase();
}

/** The word parts of a name, in order. */
export function wordsOf(name: ParsedName): Array<Extract<NamePart, { kind: 'word' }>> {
  return name.parts.filter(
    (part): part is Extract<NamePart, { kind: 'word' }> => part.kind === 'word',
  );
}

export function dateIndexOf(name: ParsedName): number {
  return name.parts.findIndex((part) => part.kind === 'date');
}
