import fc from 'fast-check';

/** Text an attacker tries on every string field: each must be stored as text or refused. */
export const SQL_LIKE = [
  "'; DROP TABLE feedback; --",
  "' OR '1'='1",
  '" OR 1=1 --',
  "'); DELETE FROM api_keys; --",
  '1; SELECT pg_sleep(10)',
  "' UNION SELECT key_hash FROM api_keys --",
  '$$; TRUNCATE outbox; $$',
  "E'\\\\x00'::bytea",
  '$1',
  'attribute_not_exists(tenantId) OR #version = :expected',
] as const;

const SPECIAL_STRINGS = [
  '',
  ' ',
  '\t',
  '.',
  '..',
  'a/b',
  'a\\b',
  '../../etc/passwd',
  '%2e%2e%2f',
  'a\u0000b',
  '\u0001',
  '\u001b[31mred',
  '\u007f',
  '\u0085',
  '\u2028',
  '\u202eevil.exe',
  '\ufeffbom',
  '\u200b',
  '\ud800',
  'x\udc00y',
  'e\u0301',
  '😀.jpg',
  '𝕏',
  '日本語.png',
  '__proto__',
  'constructor',
  'toString',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: template injection is the point.
  '${7*7}',
  '{{7*7}}',
  '%s%n%n',
  '<script>alert(1)</script>',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '0x10',
  ' 1',
  '1 ',
  '2024-02-30T00:00:00Z',
  '2024-01-01T24:00:00Z',
  '2024-01-01T00:00:00',
  '+275760-09-13T00:00:00.000Z',
  '00000000-0000-0000-0000-000000000000',
  'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF',
  'x'.repeat(256),
  'x'.repeat(1001),
  '日'.repeat(86),
  'a'.repeat(10_000),
];

/** A string built to break a rule: control characters, lone surrogates, SQL, sizes... */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...SPECIAL_STRINGS), weight: 4 },
  { arbitrary: fc.constantFrom(...SQL_LIKE), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 300 }), weight: 2 },
  {
    arbitrary: fc.string({
      unit: fc.constantFrom('\u0000', '\u001f', '/', '\\', '.', 'é', 'e\u0301', '\ud800', '"', "'"),
      maxLength: 20,
    }),
    weight: 1,
  },
);

/** Numbers JSON can carry that sit on or past every boundary. */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(-1, -0, 0, 1, 1.0000001, 2, 0.5, 1e-320, 1e308, -1e308, 2 ** 53 + 2, 86_400_001),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

/** JSON nested this deep: past the body limit of 20 levels when above it. */
export const nested = (depth: number): unknown => {
  let value: unknown = 1;
  for (let level = 0; level < depth; level++) value = { n: value };
  return value;
};

/** Any value of the wrong kind for a field, or a right kind past its rules. */
export const brokenValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: hostileString, weight: 4 },
  { arbitrary: hostileNumber, weight: 3 },
  { arbitrary: fc.constantFrom(null, true, false, [], {}, [1, 2], { $gt: '' }), weight: 2 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 2 },
  { arbitrary: fc.constantFrom(nested(19), nested(25)), weight: 1 },
);

/** Keys nobody declared: hostile names, and fields a client must never set. */
export const unknownKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('tenantId', 'tenant_id', 'id', 'receivedAt', 'learnedAt', 'version', 'state'),
  fc.constantFrom('__proto__', 'constructor', 'prototype', '', ' ', '$where', "' OR 1=1"),
  fc.string({ minLength: 1, maxLength: 30 }),
);
