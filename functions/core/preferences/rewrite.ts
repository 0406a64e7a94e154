import type { DateFormat } from './dates';
import { capitalize, hasCasedLetters, type LetterCase, toCase } from './letter-case';
import {
  dateIndexOf,
  type NamePart,
  type ParsedName,
  parseName,
  renderName,
  SEPARATORS,
  type Separator,
  tokenKey,
  wordJoinersOf,
  wordSeparatorOf,
} from './name-parts';
import type { ActiveProfile, ActiveRule } from './rules';

export interface Rewrite {
  filename: string;
  /** The rules that changed something, in the order they ran. */
  appliedRules: ActiveRule[];
}

/**
 * Rewrites a proposed name with a person's rules, in a fixed order: remove tokens, add
 * tokens (as typed), move the date, reformat it, change the letter case, join with the
 * separator, change the extension's case. A rule that would change nothing is not listed.
 * A name whose words would all be removed keeps them.
 */
export function rewriteName(filename: string, profile: ActiveProfile): Rewrite {
  const name = parseName(filename);
  const applied: ActiveRule[] = [];
  const { choices } = profile;

  for (const rule of profile.remove) {
    const remaining = name.parts.filter(
      (part) => part.kind !== 'word' || tokenKey(part.text) !== rule.value,
    );
    if (remaining.length === name.parts.length || !remaining.some((p) => p.kind === 'word'))
      continue;
    for (let i = name.parts.length - 1; i >= 0; i -= 1) {
      const part = name.parts[i];
      if (part?.kind === 'word' && tokenKey(part.text) === rule.value) removePart(name, i);
    }
    applied.push(rule);
  }

  const joiner = defaultJoiner(name, choices.separator?.value);
  for (const rule of [...profile.addPrefix].reverse()) {
    if (hasToken(name, rule.value)) continue;
    const firstWord = name.parts.findIndex((part) => part.kind === 'word');
    insertPart(name, firstWord < 0 ? name.parts.length : firstWord, rule.value, joiner);
    applied.push(rule);
  }
  for (const rule of profile.addSuffix) {
    if (hasToken(name, rule.value)) continue;
    let lastWord = -1;
    name.parts.forEach((part, index) => {
      if (part.kind === 'word') lastWord = index;
    });
    insertPart(name, lastWord < 0 ? name.parts.length : lastWord + 1, rule.value, joiner);
    applied.push(rule);
  }

  const position = choices.datePosition;
  const dateIndex = dateIndexOf(name);
  if (position && dateIndex >= 0 && name.parts.length > 1) {
    const target =
      position.value === 'prefix'
        ? 0
        : position.value === 'suffix'
          ? name.parts.length - 1
          : dateIndex;
    if (target !== dateIndex) {
      const joinerOfDate = name.joiners[dateIndex === 0 ? 0 : dateIndex - 1] ?? joiner;
      const [date] = removePart(name, dateIndex);
      if (date) insertPartAt(name, target === 0 ? 0 : name.parts.length, date, joinerOfDate);
      applied.push(position);
    }
  }

  const format = choices.dateFormat;
  const date = name.parts[dateIndexOf(name)];
  if (
    format &&
    format.value !== 'unchanged' &&
    date?.kind === 'date' &&
    date.format !== format.value
  ) {
    date.format = format.value as DateFormat;
    applied.push(format);
  }

  const separatorRule = choices.separator;
  const separator =
    separatorRule && separatorRule.value !== 'unchanged'
      ? (separatorRule.value as Separator)
      : undefined;
  const finalSeparator = separator ?? wordSeparatorOf(name);
  // camelCase decides the case of every word itself, so a case rule does not apply to it.
  const caseRule = choices.case;
  if (caseRule && caseRule.value !== 'unchanged' && finalSeparator !== 'camelCase') {
    if (changeWords(name, (text) => toCase(text, caseRule.value as LetterCase)))
      applied.push(caseRule);
  }

  if (separator && separatorRule) {
    const before = renderName(name);
    name.joiners = name.joiners.map(() => SEPARATORS[separator]);
    if (separator === 'camelCase') {
      let first = true;
      changeWords(
        name,
        (text) => {
          const cased = first ? text.toLowerCase() : capitalize(text.toLowerCase());
          first = false;
          return cased;
        },
        { countAdded: true },
      );
    }
    if (renderName(name) !== before) applied.push(separatorRule);
  }

  const extensionRule = choices.extensionCase;
  if (extensionRule && extensionRule.value !== 'unchanged' && name.extension !== null) {
    const cased =
      extensionRule.value === 'upper' ? name.extension.toUpperCase() : name.extension.toLowerCase();
    if (cased !== name.extension) {
      name.extension = cased;
      applied.push(extensionRule);
    }
  }

  return { filename: renderName(name), appliedRules: applied };
}

/** The joiner for an inserted word: the rule's separator, else the one the name already uses. */
function defaultJoiner(name: ParsedName, separator: string | undefined): string {
  if (separator !== undefined && separator !== 'unchanged')
    return SEPARATORS[separator as Separator];
  const existing = wordJoinersOf(name)[0] ?? name.joiners[0];
  return existing ?? '_';
}

function hasToken(name: ParsedName, text: string): boolean {
  return name.parts.some((part) => part.kind === 'word' && tokenKey(part.text) === tokenKey(text));
}

function removePart(name: ParsedName, index: number): NamePart[] {
  // The joiner before a part goes with it; the first part takes the joiner after it.
  name.joiners.splice(index === 0 ? 0 : index - 1, 1);
  return name.parts.splice(index, 1);
}

function insertPart(name: ParsedName, index: number, text: string, joiner: string): void {
  insertPartAt(name, index, { kind: 'word', text, added: true }, joiner);
}

function insertPartAt(name: ParsedName, index: number, part: NamePart, joiner: string): void {
  if (name.parts.length > 0) name.joiners.splice(index === 0 ? 0 : index - 1, 0, joiner);
  name.parts.splice(index, 0, part);
}

/**
 * Rewrites the words a person typed (not those a rule added as typed, unless
 * `countAdded`, when an added word still takes a place in the order but keeps its text).
 */
function changeWords(
  name: ParsedName,
  change: (text: string) => string,
  options: { countAdded?: boolean } = {},
): boolean {
  let changed = false;
  for (const part of name.parts) {
    if (part.kind !== 'word') continue;
    if (part.added) {
      if (options.countAdded) change(part.text);
      continue;
    }
    if (!hasCasedLetters(part.text)) {
      change(part.text);
      continue;
    }
    const next = change(part.text);
    if (next !== part.text) {
      part.text = next;
      changed = true;
    }
  }
  return changed;
}
