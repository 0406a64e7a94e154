/**
 * The emulator's conformance list: every test in `test/integration/emulator/*.test.ts` says,
 * in the comment lines right above its `it(`, which AWS behaviour it checks
 * (`// AWS: <page title>, <https://docs.aws.amazon.com/... URL>`, one line per page) or why
 * it has no AWS counterpart (`// Emulator: <why>`, which may go on over the next comment
 * lines). This reads those comments and writes them as a table into docs/local-emulator.md,
 * between its conformance markers; a unit test (test/unit/emulator-conformance.test.ts)
 * fails when a test has neither comment or when the table is out of date.
 *
 * `npm run docs:emulator` rewrites the table.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..');
export const SUITE_DIR = 'test/integration/emulator';
export const DOCS_FILE = 'docs/local-emulator.md';
export const START_MARKER = '<!-- conformance:start -->';
export const END_MARKER = '<!-- conformance:end -->';
/** Where every `// AWS:` link must point. */
export const AWS_DOCS_PREFIX = 'https://docs.aws.amazon.com/';

export interface AwsPage {
  title: string;
  url: string;
}

export interface ConformanceRow {
  /** Relative to the repository root, with forward slashes. */
  file: string;
  /** 1-based line of the `it(`. */
  line: number;
  /** The enclosing `describe` titles, outermost first. */
  describe: string[];
  title: string;
  aws: AwsPage[];
  /** Why the test has no AWS counterpart, from `// Emulator:`. */
  emulator?: string;
  /** `// AWS:` lines that do not read `<title>, <URL>`. */
  malformed: string[];
}

const STRING_LITERAL = /(['"`])((?:\\.|(?!\1)[^\\])*)\1/;
const DESCRIBE = /^(\s*)describe(?:\.\w+)*\(\s*/;
const IT = /^(\s*)(?:it|test)((?:\.\w+)*)\(/;
const AWS_LINE = /^\/\/\s*AWS:\s*(.*)$/;
const EMULATOR_LINE = /^\/\/\s*Emulator:\s*(.*)$/;

function unescapeLiteral(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}

/** The first string literal in `text`, unescaped. */
function firstString(text: string): string | undefined {
  const match = STRING_LITERAL.exec(text);
  return match ? unescapeLiteral(match[2] ?? '') : undefined;
}

/** `<title>, <URL>`: split at the last `, ` before the URL, as titles may hold commas. */
export function parseAwsLine(text: string): AwsPage | undefined {
  const match = /^(.*\S),\s*<?(\S+?)>?$/.exec(text.trim());
  if (!match?.[1] || !match[2] || !/^\w+:\/\//.test(match[2])) return undefined;
  return { title: match[1], url: match[2] };
}

/** The comment lines right above line `index` (0-based), nearest last. */
function commentBlockAbove(lines: string[], index: number): string[] {
  const block: string[] = [];
  for (let i = index - 1; i >= 0; i -= 1) {
    const line = (lines[i] ?? '').trim();
    if (!line.startsWith('//')) break;
    block.unshift(line);
  }
  return block;
}

function annotationsOf(block: string[]): Pick<ConformanceRow, 'aws' | 'emulator' | 'malformed'> {
  const aws: AwsPage[] = [];
  const malformed: string[] = [];
  let emulator: string | undefined;
  let inEmulator = false;
  for (const line of block) {
    const awsMatch = AWS_LINE.exec(line);
    const emulatorMatch = EMULATOR_LINE.exec(line);
    if (awsMatch) {
      inEmulator = false;
      const page = parseAwsLine(awsMatch[1] ?? '');
      if (page) aws.push(page);
      else malformed.push(line);
    } else if (emulatorMatch) {
      inEmulator = true;
      emulator = [emulator, emulatorMatch[1]?.trim()].filter(Boolean).join(' ');
    } else if (inEmulator) {
      const more = line.replace(/^\/\/\s?/, '').trim();
      if (more) emulator = `${emulator ?? ''} ${more}`.trim();
    }
  }
  return { aws, malformed, ...(emulator === undefined ? {} : { emulator }) };
}

/** The tests of one file, with their annotations. */
export function parseTestFile(file: string, source: string): ConformanceRow[] {
  const lines = source.split('\n');
  const rows: ConformanceRow[] = [];
  const describes: { indent: number; title: string }[] = [];
  const enclosing = (indent: number) => {
    while (describes.length > 0 && (describes.at(-1)?.indent ?? 0) >= indent) describes.pop();
  };
  for (const [index, line] of lines.entries()) {
    const describeMatch = DESCRIBE.exec(line);
    if (describeMatch) {
      const indent = describeMatch[1]?.length ?? 0;
      enclosing(indent);
      const rest = lines
        .slice(index, index + 5)
        .join('\n')
        .slice(describeMatch[0].length);
      describes.push({ indent, title: firstString(rest) ?? '' });
      continue;
    }
    const itMatch = IT.exec(line);
    if (!itMatch) continue;
    const modifiers = itMatch[2] ?? '';
    // `it.skipIf(cond)(` and `it.each(table)(` give the title in a second call.
    const curried = /\.(each|skipIf|runIf|for)\b/.test(modifiers);
    const indent = itMatch[1]?.length ?? 0;
    enclosing(indent);
    let rest = lines
      .slice(index, index + 60)
      .join('\n')
      .slice(itMatch[0].length);
    if (curried) {
      const second = /\)\(\s*(?=['"`])/.exec(rest);
      rest = second ? rest.slice(second.index + second[0].length) : '';
    }
    rows.push({
      file,
      line: index + 1,
      describe: describes.map((d) => d.title),
      title: firstString(rest) ?? '(untitled)',
      ...annotationsOf(commentBlockAbove(lines, index)),
    });
  }
  return rows;
}

/** Every emulator conformance test, by file name then line. */
export function readConformance(root = REPO_ROOT): ConformanceRow[] {
  const dir = path.join(root, SUITE_DIR);
  return readdirSync(dir)
    .filter((name) => name.endsWith('.test.ts'))
    .sort()
    .flatMap((name) =>
      parseTestFile(`${SUITE_DIR}/${name}`, readFileSync(path.join(dir, name), 'utf8')),
    );
}

export function behaviourOf(row: ConformanceRow): string {
  return [...row.describe, row.title].filter(Boolean).join(': ');
}

/** What is wrong with the annotations, one sentence per problem; empty when all is well. */
export function conformanceProblems(rows: ConformanceRow[]): string[] {
  const problems: string[] = [];
  for (const row of rows) {
    const where = `${row.file}:${row.line} "${behaviourOf(row)}"`;
    if (row.aws.length === 0 && row.emulator === undefined && row.malformed.length === 0) {
      problems.push(`${where} has no // AWS: or // Emulator: comment above its it(`);
    }
    for (const line of row.malformed) {
      problems.push(`${where}: "${line}" does not read // AWS: <page title>, <URL>`);
    }
    for (const page of row.aws) {
      if (!page.url.startsWith(AWS_DOCS_PREFIX)) {
        problems.push(
          `${where}: ${page.url} is not an AWS documentation page (${AWS_DOCS_PREFIX}...)`,
        );
      }
    }
    if (row.emulator === '') problems.push(`${where}: its // Emulator: comment gives no reason`);
  }
  return problems;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
}

/** The Markdown table, links relative to docs/. */
export function conformanceTable(rows: ConformanceRow[]): string {
  const follows = rows.filter((row) => row.aws.length > 0).length;
  const out = [
    `${rows.length} tests: ${follows} check behaviour an AWS page documents, ` +
      `${rows.length - follows} check the emulator's own.`,
    '',
    '| Behaviour | AWS page | Test |',
    '| --- | --- | --- |',
  ];
  for (const row of rows) {
    const pages =
      row.aws.length > 0
        ? row.aws.map((page) => `[${cell(page.title)}](${page.url})`).join('<br>')
        : row.emulator !== undefined
          ? `emulator only: ${cell(row.emulator)}`
          : '**not annotated**';
    const name = path.posix.basename(row.file);
    out.push(`| ${cell(behaviourOf(row))} | ${pages} | [${name}](../${row.file}) |`);
  }
  return out.join('\n');
}

/** `markdown` with the part between the markers replaced by `table`. */
export function withConformanceSection(markdown: string, table: string): string {
  const start = markdown.indexOf(START_MARKER);
  const end = markdown.indexOf(END_MARKER);
  if (start === -1 || end === -1 || end < start) {
    throw new Error(`${DOCS_FILE} lacks the ${START_MARKER} ... ${END_MARKER} markers`);
  }
  return `${markdown.slice(0, start + START_MARKER.length)}\n\n${table}\n\n${markdown.slice(end)}`;
}

/** The docs file as the script would write it. */
export function expectedDocs(root = REPO_ROOT): { current: string; expected: string } {
  const current = readFileSync(path.join(root, DOCS_FILE), 'utf8');
  return {
    current,
    expected: withConformanceSection(current, conformanceTable(readConformance(root))),
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const rows = readConformance();
  const { current, expected } = expectedDocs();
  if (expected !== current) writeFileSync(path.join(REPO_ROOT, DOCS_FILE), expected);
  console.log(
    `${DOCS_FILE}: ${rows.length} emulator tests ${expected === current ? 'already listed' : 'listed'}`,
  );
  for (const problem of conformanceProblems(rows)) console.warn(`warning: ${problem}`);
}
