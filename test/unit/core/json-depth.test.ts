import { describe, expect, it } from 'vitest';
import { jsonDepthExceeds, MAX_JSON_DEPTH } from '#core/json-depth';

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('jsonDepthExceeds', () => {
  it('counts objects and arrays alike, the body itself as level 1', () => {
    expect(jsonDepthExceeds('{"a":[{"b":1}]}', 3)).toBe(false);
    expect(jsonDepthExceeds('{"a":[{"b":{}}]}', 3)).toBe(true);
    expect(jsonDepthExceeds('"text"', 0)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(jsonDepthExceeds(JSON.stringify({ a: '[[[[{{{{', b: 'say \\"[[[[' }), 1)).toBe(false);
  });

  it('answers for 300,000 levels without a stack to overflow', () => {
    expect(jsonDepthExceeds(nested(300_000), MAX_JSON_DEPTH)).toBe(true);
    expect(jsonDepthExceeds('['.repeat(300_000), MAX_JSON_DEPTH)).toBe(true);
  });

  it('takes the deepest valid body, a batch item with a context 8 levels deep', () => {
    let context: unknown = 'leaf';
    for (let level = 0; level < 8; level++) context = { nested: context };
    const batch = JSON.stringify({ items: [{ context }] });

    expect(jsonDepthExceeds(batch, 10)).toBe(true);
    expect(jsonDepthExceeds(batch, 11)).toBe(false);
    expect(jsonDepthExceeds(batch, MAX_JSON_DEPTH)).toBe(false);
  });
});
