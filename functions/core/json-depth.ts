/**
 * The deepest JSON body a route takes, in nested objects and arrays (the body itself is
 * level 1). The deepest valid body is a batch item's `context`: body, `items`, the item,
 * then 8 levels of context, 11 in all. Anything deeper is refused before it is parsed, so
 * no recursive walker after it (JSON.stringify in idempotency hashing, fingerprints, zod)
 * ever meets a document deep enough to overflow its stack, which takes a few thousand
 * levels.
 */
export const MAX_JSON_DEPTH = 20;

const OPEN_OBJECT = 0x7b; // {
const OPEN_ARRAY = 0x5b; // [
const CLOSE_OBJECT = 0x7d; // }
const CLOSE_ARRAY = 0x5d; // ]
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \

/**
 * Whether JSON text nests objects and arrays deeper than `max`, by one pass over its
 * characters with a counter: no recursion and no parse, so a body of 30,000 `[` costs a
 * loop, not a stack. Brackets inside strings do not count. On text that is not JSON it
 * still answers (a client sending unbalanced brackets learns about the depth first).
 */
export function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === BACKSLASH) i++;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (code === OPEN_OBJECT || code === OPEN_ARRAY) {
      depth++;
      if (depth > max) return true;
    } else if (code === CLOSE_OBJECT || code === CLOSE_ARRAY) {
      depth--;
    }
  }
  return false;
}
