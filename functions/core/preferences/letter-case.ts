export const LETTER_CASES = ['lower', 'upper', 'title'] as const;
export type LetterCase = (typeof LETTER_CASES)[number];

/** Writes a word in a letter case; `title` capitalizes the first letter, lowers the rest. */
export function toCase(word: string, letterCase: LetterCase): string {
  switch (letterCase) {
    case 'lower':
      return word.toLowerCase();
    case 'upper':
      return word.toUpperCase();
    case 'title':
      return capitalize(word.toLowerCase());
  }
}

/** Upper-cases the first letter of a word (after any leading digits or brackets). */
export function capitalize(word: string): string {
  return word.replace(/\p{L}/u, (letter) => letter.toUpperCase());
}

/** Whether a word has letters that have a case at all (`(1)` and `2024` do not). */
export function hasCasedLetters(word: string): boolean {
  return word.toLowerCase() !== word.toUpperCase();
}

/** The letter cases every one of these words is written in (several for `A`, none for `Mixed cASE`). */
export function casesOf(words: readonly string[]): LetterCase[] {
  const cased = words.filter(hasCasedLetters);
  if (cased.length === 0) return [];
  return LETTER_CASES.filter((c) => cased.every((word) => toCase(word, c) === word));
}
