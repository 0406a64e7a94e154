/**
 * Normalized edit distance between two names: the Levenshtein distance over Unicode code
 * points (so an emoji or an accented letter is one edit, not two UTF-16 units) divided by
 * the longer name's length. 0 means equal, 1 means nothing in common position by position.
 * Two empty names are equal: 0. Hand-written because no maintained implementation is a
 * dependency, and names are at most 255 bytes, so the O(n*m) table of two rows is cheap.
 */
export function normalizedEditDistance(a: string, b: string): number {
  const left = Array.from(a);
  const right = Array.from(b);
  const longest = Math.max(left.length, right.length);
  if (longest === 0) return 0;
  return levenshtein(left, right) / longest;
}

function levenshtein(left: readonly string[], right: readonly string[]): number {
  let previous = Array.from({ length: right.length + 1 }, (_, j) => j);
  let current = new Array<number>(right.length + 1).fill(0);
  for (let i = 1; i <= left.length; i++) {
    current[0] = i;
    for (let j = 1; j <= right.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (left[i - 1] === right[j - 1] ? 0 : 1);
      const deletion = (previous[j] ?? 0) + 1;
      const insertion = (current[j - 1] ?? 0) + 1;
      current[j] = Math.min(substitution, deletion, insertion);
    }
    [previous, current] = [current, previous];
  }
  return previous[right.length] ?? 0;
}
