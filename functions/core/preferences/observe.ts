import type { DateFormat } from './dates';
import { casesOf, type LetterCase } from './letter-case';
import {
  dateIndexOf,
  type ParsedName,
  parseName,
  type Separator,
  tokenKey,
  wordSeparatorOf,
  wordsOf,
} from './name-parts';

/** The conventions learned as one choice among a few values. */
export const CHOICE_DIMENSIONS = [
  'separator',
  'case',
  'dateFormat',
  'datePosition',
  'extensionCase',
] as const;
export type ChoiceDimension = (typeof CHOICE_DIMENSIONS)[number];

export type DatePosition = 'prefix' | 'suffix';
export type ExtensionCase = 'lower' | 'upper';
/** A rule that keeps what the proposal had: evidence it is not worth changing. */
export const UNCHANGED = 'unchanged';

export type ChoiceValue =
  | Separator
  | LetterCase
  | DateFormat
  | DatePosition
  | ExtensionCase
  | typeof UNCHANGED;

/**
 * What one final name says about one dimension: the values it shows, split into those the
 * person changed the name to and those the proposal already had (which say nothing
 * about a preference: keeping it would have given the same name). `unchanged` is kept
 * when the dimension is as it was proposed. A value not listed is contradicted.
 */
export interface ChoiceObservation {
  dimension: ChoiceDimension;
  changed: ChoiceValue[];
  kept: ChoiceValue[];
}

/** What one final name says about tokens, compared with the proposal. */
export interface TokenObservation {
  /** Token keys (lower case) in both names. */
  kept: string[];
  /** Token keys in the proposal and not in the final name. */
  removed: string[];
  /** Words of the final name absent from the proposal, as typed, at its start. */
  addedPrefix: string[];
  /** ... at its end. */
  addedSuffix: string[];
}

export interface NamingObservation {
  choices: ChoiceObservation[];
  /** Absent when the final name shares no word with a proposal that had words: a new description, not an edit. */
  tokens?: TokenObservation;
}

/**
 * What one decision says about how a person likes names. `finalName` is the name they
 * chose (the proposal itself when they approved it). Each dimension is observed only when
 * the final name shows it (a separator needs two words, a date position needs a date).
 */
export function observeNaming(proposedName: string, finalName: string): NamingObservation {
  const proposed = parseName(proposedName);
  // An approved proposal is its own final name: parsing it once is half the work.
  const final = finalName === proposedName ? proposed : parseName(finalName);
  const proposedKeys = new Map<string, string>();
  for (const word of wordsOf(proposed)) {
    if (!proposedKeys.has(tokenKey(word.text))) proposedKeys.set(tokenKey(word.text), word.text);
  }
  const finalWords = wordsOf(final);
  const isKept = (text: string) => proposedKeys.has(tokenKey(text));
  const choices: ChoiceObservation[] = [];

  const separator = wordSeparatorOf(final);
  if (separator !== undefined) {
    const shown = separator === 'mixed' ? [] : [separator];
    choices.push(choiceOf('separator', shown, [wordSeparatorOf(proposed)].filter(isDefined)));
  }

  // camelCase fixes the case of every word, so such a name says nothing about case; added
  // words are kept as typed (a project code), so they say nothing about case either.
  const keptWords = finalWords.filter((word) => isKept(word.text)).map((word) => word.text);
  if (separator !== 'camelCase' && hasCased(keptWords)) {
    const asProposed = keptWords.map((word) => proposedKeys.get(tokenKey(word)) ?? word);
    choices.push(choiceOf('case', casesOf(keptWords), casesOf(asProposed)));
  }

  const finalDate = final.parts[dateIndexOf(final)];
  if (finalDate?.kind === 'date') {
    const proposedDate = proposed.parts[dateIndexOf(proposed)];
    const proposedFormat = proposedDate?.kind === 'date' ? [proposedDate.format] : [];
    choices.push(choiceOf('dateFormat', [finalDate.format], proposedFormat));
    if (final.parts.length > 1) {
      const position = positionOf(final);
      const proposedPosition =
        proposedDate !== undefined && proposed.parts.length > 1 ? [positionOf(proposed)] : [];
      choices.push(
        choiceOf('datePosition', position === 'middle' ? [] : [position], proposedPosition),
      );
    }
  }

  const extensionCase = extensionCaseOf(final.extension);
  if (extensionCase !== undefined) {
    const shown = extensionCase === 'mixed' ? [] : [extensionCase];
    const proposedCase = [extensionCaseOf(proposed.extension)].filter(isDefined);
    choices.push(choiceOf('extensionCase', shown, proposedCase));
  }

  return {
    choices,
    tokens: observeTokens(
      proposedKeys,
      finalWords.map((word) => word.text),
    ),
  };
}

/**
 * Splits the values a final name shows into changed and kept. `unchanged` is kept when the
 * final name shows exactly the values the proposal showed.
 */
function choiceOf(
  dimension: ChoiceDimension,
  shown: readonly ChoiceValue[],
  proposed: readonly string[],
): ChoiceObservation {
  const changed = shown.filter((value) => !proposed.includes(value));
  const kept = shown.filter((value) => proposed.includes(value));
  const same =
    proposed.length > 0 &&
    proposed.length === shown.length &&
    shown.every((value) => proposed.includes(value));
  return { dimension, changed, kept: same ? [...kept, UNCHANGED] : kept };
}

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}

function hasCased(words: readonly string[]): boolean {
  return words.some((word) => word.toLowerCase() !== word.toUpperCase());
}

function observeTokens(
  proposedKeys: ReadonlyMap<string, string>,
  finalWords: readonly string[],
): TokenObservation | undefined {
  const finalKeys = new Set(finalWords.map(tokenKey));
  const kept = [...proposedKeys.keys()].filter((key) => finalKeys.has(key));
  if (proposedKeys.size > 0 && kept.length === 0) return undefined;
  const added = finalWords.map((word) => !proposedKeys.has(tokenKey(word)));
  const firstKept = added.indexOf(false);
  const lastKept = added.lastIndexOf(false);
  return {
    kept: kept.sort(),
    removed: [...proposedKeys.keys()].filter((key) => !finalKeys.has(key)).sort(),
    addedPrefix: firstKept < 0 ? [] : unique(finalWords.slice(0, firstKept)),
    addedSuffix: lastKept < 0 ? [] : unique(finalWords.slice(lastKept + 1)),
  };
}

function unique(words: readonly string[]): string[] {
  return [...new Set(words)];
}

function positionOf(name: ParsedName): DatePosition | 'middle' {
  const index = dateIndexOf(name);
  if (index === 0) return 'prefix';
  if (index === name.parts.length - 1) return 'suffix';
  return 'middle';
}

function extensionCaseOf(extension: string | null): ExtensionCase | 'mixed' | undefined {
  if (extension === null || extension.toLowerCase() === extension.toUpperCase()) return undefined;
  if (extension === extension.toLowerCase()) return 'lower';
  if (extension === extension.toUpperCase()) return 'upper';
  return 'mixed';
}
