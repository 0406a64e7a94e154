/** One figure of `npm run bench`, beside what bounds it in the same run. */
export interface BenchRow {
  section: string;
  figure: string;
  /** Ours, as printed: `412 req/s, p99 88 ms`. */
  ours: string;
  /** The ceiling measured in the same run, as printed, and what it is. */
  ceiling?: string;
  /** Ours over the ceiling (throughput), or ours minus the floor (latency), as printed. */
  ratio?: string;
  goal?: string;
  /** Whether the goal holds in this run; undefined when the row has no goal. */
  goalMet?: boolean;
  seedTarget?: string;
  /** The raw numbers behind the row, for `--json`. */
  values: Record<string, number | string | null>;
}

const COLUMNS: [keyof BenchRow, string][] = [
  ['figure', 'figure'],
  ['ours', 'ours'],
  ['ceiling', 'ceiling (same run)'],
  ['ratio', 'ratio'],
  ['goal', 'goal'],
  ['seedTarget', 'seed target'],
];

/** A Markdown table (readable in a terminal, pasteable in docs/benchmarks.md), by section. */
export function renderTable(rows: readonly BenchRow[]): string {
  const cells = (row: BenchRow) =>
    COLUMNS.map(([key]) => {
      if (key === 'goal' && row.goal) return `${row.goal} ${row.goalMet ? '(met)' : '(not met)'}`;
      const value = row[key];
      return typeof value === 'string' ? value : '';
    });
  const lines = [`| ${COLUMNS.map(([, title]) => title).join(' | ')} |`];
  lines.push(`| ${COLUMNS.map(() => '---').join(' | ')} |`);
  let section = '';
  for (const row of rows) {
    if (row.section !== section) {
      section = row.section;
      lines.push(`| **${section}** | | | | | |`);
    }
    lines.push(`| ${cells(row).join(' | ')} |`);
  }
  return lines.join('\n');
}

export const fixed = (value: number, digits = 0) =>
  Number.isFinite(value)
    ? value.toLocaleString('en-US', {
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      })
    : 'n/a';
