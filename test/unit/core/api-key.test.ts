import { describe, expect, it } from 'vitest';
import {
  API_KEY_PATTERN,
  generateApiKey,
  hashApiKey,
  type Scope,
  scopeAllows,
} from '#core/api-key';

describe('generateApiKey', () => {
  it.each(['user', 'admin'] as const)(
    'makes a %s key the API accepts, with a readable prefix',
    (scope) => {
      const key = generateApiKey(scope);
      expect(key).toMatch(API_KEY_PATTERN);
      expect(key.startsWith(`rf_${scope}_`)).toBe(true);
    },
  );

  it('makes a different key every time', () => {
    const keys = new Set(Array.from({ length: 1000 }, () => generateApiKey('user')));
    expect(keys.size).toBe(1000);
  });

  it('carries at least 190 bits after its prefix', () => {
    const secret = generateApiKey('user').slice('rf_user_'.length);
    // 32 characters over an alphabet of 62: log2(62) × 32 ≈ 190.5 bits.
    expect(secret).toMatch(/^[A-Za-z0-9]{32}$/);
  });
});

describe('API_KEY_PATTERN', () => {
  it.each([
    ['too short', 'a'.repeat(23), false],
    ['shortest', 'a'.repeat(24), true],
    ['longest', 'a'.repeat(200), true],
    ['too long', 'a'.repeat(201), false],
    ['with a dash', `${'a'.repeat(30)}-`, false],
    ['with a space', `${'a'.repeat(30)} b`, false],
  ])('judges a key %s', (_case, key, accepted) => {
    expect(API_KEY_PATTERN.test(key)).toBe(accepted);
  });
});

describe('hashApiKey', () => {
  it('is a 32-byte SHA-256 digest, the same for the same key', () => {
    const key = generateApiKey('user');
    expect(hashApiKey(key)).toHaveLength(32);
    expect(hashApiKey(key).equals(hashApiKey(key))).toBe(true);
  });

  it('differs for different keys', () => {
    expect(hashApiKey('rf_user_a').equals(hashApiKey('rf_user_b'))).toBe(false);
  });
});

describe('scopeAllows', () => {
  it.each<[Scope, Scope, boolean]>([
    ['user', 'user', true],
    ['user', 'admin', false],
    ['admin', 'user', true],
    ['admin', 'admin', true],
  ])('lets a %s key call a %s route: %s', (granted, needed, allowed) => {
    expect(scopeAllows(granted, needed)).toBe(allowed);
  });
});
