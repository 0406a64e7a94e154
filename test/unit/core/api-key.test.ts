import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  API_KEY_PATTERN,
  hashApiKey,
  lookupPrefixOf,
  mintApiKey,
  type Scope,
  scopeAllows,
  scopeRefusal,
  shapeOfApiKey,
} from '#core/api-key';

describe('mintApiKey', () => {
  it.each(['user', 'admin', 'operator'] as const)(
    'mints a %s key with its type prefix that passes its own checksum',
    (scope) => {
      const key = mintApiKey(scope);
      expect(key).toMatch(new RegExp(`^rf_${scope}_[0-9A-Za-z]{36}$`));
      expect(shapeOfApiKey(key)).toBe('minted');
    },
  );

  it('makes a different key every time', () => {
    const keys = new Set(Array.from({ length: 1000 }, () => mintApiKey('user')));
    expect(keys.size).toBe(1000);
  });

  it('refuses any single-character typo of a minted key by its checksum', () => {
    const key = mintApiKey('admin');
    fc.assert(
      fc.property(
        fc.nat({ max: key.length - 1 }),
        fc.constantFrom(...'0123456789abcXYZ'),
        (at, char) => {
          fc.pre(key[at] !== char && at >= 'rf_admin_'.length);
          const typo = key.slice(0, at) + char + key.slice(at + 1);
          expect(shapeOfApiKey(typo)).toBe('malformed');
        },
      ),
    );
  });

  it('refuses a minted-looking key of the wrong length', () => {
    expect(shapeOfApiKey(mintApiKey('user').slice(0, -1))).toBe('malformed');
  });

  it('accepts a bootstrap key without a prefix as worth a look-up', () => {
    expect(shapeOfApiKey('my_bootstrap_key_0123456789')).toBe('bootstrap');
    expect(shapeOfApiKey('short')).toBe('malformed');
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
    const key = mintApiKey('user');
    expect(hashApiKey(key)).toHaveLength(32);
    expect(hashApiKey(key).equals(hashApiKey(key))).toBe(true);
  });

  it('is found by its first 8 bytes', () => {
    const hash = hashApiKey(mintApiKey('user'));
    expect(lookupPrefixOf(hash).equals(hash.subarray(0, 8))).toBe(true);
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
    ['operator', 'operator', true],
    ['operator', 'user', false],
    ['operator', 'admin', false],
    ['admin', 'operator', false],
    ['user', 'operator', false],
  ])('lets a %s key call a %s route: %s', (granted, needed, allowed) => {
    expect(scopeAllows(granted, needed)).toBe(allowed);
  });
});

describe('scopeRefusal', () => {
  it('says an operator key has no tenant, on any tenant route', () => {
    expect(scopeRefusal('operator', 'user')).toMatch(/has no tenant/);
    expect(scopeRefusal('operator', 'admin')).toMatch(/has no tenant/);
  });

  it("says a tenant's key cannot reach the shared queues", () => {
    expect(scopeRefusal('admin', 'operator')).toMatch(/shared by every tenant.*operator key/);
  });

  it('names the missing scope to a user key on an admin route, and is null when allowed', () => {
    expect(scopeRefusal('user', 'admin')).toBe('This route needs a key with the "admin" scope');
    expect(scopeRefusal('admin', 'user')).toBeNull();
  });
});
