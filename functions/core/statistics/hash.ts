/**
 * 32-bit FNV-1a over UTF-16 code units, exactly as GrowthBook's SDKs compute it
 * (`charCodeAt`, not UTF-8 bytes), so our assignment matches theirs for any string.
 */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** GrowthBook hash v1 (biased, kept for compatibility): a number in [0, 1) in steps of 0.001. */
export function hashV1(seed: string, value: string): number {
  return (fnv1a32(value + seed) % 1000) / 1000;
}

/**
 * GrowthBook hash v2: `fnv1a32(String(fnv1a32(seed + value))) % 10000 / 10000`, a number
 * in [0, 1) in steps of 0.0001. Hashing twice removes v1's bias between similar seeds.
 */
export function hashV2(seed: string, value: string): number {
  return (fnv1a32(String(fnv1a32(seed + value))) % 10000) / 10000;
}
