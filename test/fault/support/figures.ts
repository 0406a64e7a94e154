import { appendFile, readFile } from 'node:fs/promises';

/** One scenario's line of figures, as printed and as collected in the end-of-suite table. */
export interface ScenarioFigures {
  scenario: string;
  sent: number;
  acknowledged: number;
  retries: number;
  unavailable: number;
  longestAnswerMs: number;
  /** From the last 202 to the last `learned_at`, in seconds. */
  learnedAfterS: number;
}

const HEADER =
  '| scenario | sent | acknowledged | retries | 503s | longest answer (ms) | last ack -> all learned (s) |';

function row(f: ScenarioFigures): string {
  return `| ${f.scenario} | ${f.sent} | ${f.acknowledged} | ${f.retries} | ${f.unavailable} | ${Math.round(f.longestAnswerMs)} | ${f.learnedAfterS.toFixed(1)} |`;
}

/** Prints the scenario's line and keeps it for the table (scenarios run in other processes). */
export async function reportFigures(file: string, figures: ScenarioFigures): Promise<void> {
  console.log(
    `[fault] ${figures.scenario}: sent ${figures.sent}, acknowledged ${figures.acknowledged}, ` +
      `retries ${figures.retries}, 503s ${figures.unavailable}, ` +
      `longest answer ${Math.round(figures.longestAnswerMs)} ms, ` +
      `all learned ${figures.learnedAfterS.toFixed(1)} s after the last acknowledgement`,
  );
  await appendFile(file, `${JSON.stringify(figures)}\n`);
}

/** The collected lines as a markdown table, ready for docs/testing.md; empty if none ran. */
export async function figuresTable(file: string): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const rows = text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as ScenarioFigures)
    // Files run in the order vitest picks; the table reads in the scenarios' own order.
    .sort((a, b) => a.scenario.localeCompare(b.scenario));
  if (rows.length === 0) return '';
  const separator = '| --- | ---: | ---: | ---: | ---: | ---: | ---: |';
  return [HEADER, separator, ...rows.map(row)].join('\n');
}
