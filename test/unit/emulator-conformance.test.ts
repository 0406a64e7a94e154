import { describe, expect, it } from 'vitest';
import {
  AWS_DOCS_PREFIX,
  behaviourOf,
  conformanceProblems,
  DOCS_FILE,
  expectedDocs,
  parseAwsLine,
  parseTestFile,
  readConformance,
  SUITE_DIR,
} from '../../scripts/emulator-conformance';

const rows = readConformance();

describe('the emulator conformance suite', () => {
  it('has tests to list', () => {
    expect(rows.length).toBeGreaterThan(0);
  });

  it('says above every test which AWS page it follows, or why it has none', () => {
    const missing = rows
      .filter((row) => row.aws.length === 0 && row.emulator === undefined)
      .map((row) => `${row.file}: "${behaviourOf(row)}"`);
    expect(
      missing,
      `Put "// AWS: <page title>, <URL>" or "// Emulator: <why>" right above each it( in ${SUITE_DIR}`,
    ).toEqual([]);
  });

  it(`links only AWS documentation pages (${AWS_DOCS_PREFIX}...), as "<title>, <URL>"`, () => {
    expect(conformanceProblems(rows).filter((problem) => !problem.includes('has no //'))).toEqual(
      [],
    );
  });

  it(`is listed as it is in ${DOCS_FILE}`, () => {
    const { current, expected } = expectedDocs();
    expect(current, `${DOCS_FILE} is out of date: run \`npm run docs:emulator\``).toBe(expected);
  });
});

describe('reading the conformance comments', () => {
  const source = [
    "describe('outer', () => {",
    '  // Free text first.',
    '  // AWS: Lambda quotas, https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html',
    "  it('limits payloads', () => {});",
    "  describe('inner', () => {",
    '    // Emulator: a test knob,',
    '    // with more words.',
    '    it(',
    "      'has a long title that biome put on its own line',",
    '      () => {},',
    '    );',
    '  });',
    '  // AWS: A title, with a comma, https://example.com/page',
    '  // AWS: no link at all',
    "  it.each([[1], [2]])('runs %i', () => {});",
    '});',
    "it('stands alone', () => {});",
  ].join('\n');
  const parsed = parseTestFile('suite.test.ts', source);

  it('finds each test with its describe titles and line', () => {
    expect(parsed.map((row) => [row.describe, row.title, row.line])).toEqual([
      [['outer'], 'limits payloads', 4],
      [['outer', 'inner'], 'has a long title that biome put on its own line', 8],
      [['outer'], 'runs %i', 15],
      [[], 'stands alone', 17],
    ]);
  });

  it('reads AWS pages, emulator reasons over several lines, and what is malformed', () => {
    const [quotas, knob, each, alone] = parsed;
    expect(quotas?.aws).toEqual([
      {
        title: 'Lambda quotas',
        url: 'https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html',
      },
    ]);
    expect(knob?.emulator).toBe('a test knob, with more words.');
    expect(each?.aws).toEqual([
      { title: 'A title, with a comma', url: 'https://example.com/page' },
    ]);
    expect(each?.malformed).toEqual(['// AWS: no link at all']);
    expect(conformanceProblems(parsed)).toEqual([
      'suite.test.ts:15 "outer: runs %i": "// AWS: no link at all" does not read // AWS: <page title>, <URL>',
      'suite.test.ts:15 "outer: runs %i": https://example.com/page is not an AWS documentation page (https://docs.aws.amazon.com/...)',
      'suite.test.ts:17 "stands alone" has no // AWS: or // Emulator: comment above its it(',
    ]);
    expect(alone?.aws).toEqual([]);
  });

  it('splits a title from its URL at the last comma', () => {
    expect(parseAwsLine('Fn::Sub, https://docs.aws.amazon.com/x.html')).toEqual({
      title: 'Fn::Sub',
      url: 'https://docs.aws.amazon.com/x.html',
    });
    expect(parseAwsLine('https://docs.aws.amazon.com/x.html')).toBeUndefined();
  });
});
