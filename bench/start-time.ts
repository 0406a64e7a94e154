import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_OUTDIR } from '../local/emulator';
import { INPUTS_DIGEST_FILE } from '../local/emulator/synth-inputs';

/**
 * How long `npm start` takes to be ready (its "is running" line), from the process's spawn:
 * after a change (the assembly synthesized and every function bundled anew) and with nothing
 * changed since the last start (the assembly reused). RUNS (default 3) of each; the median
 * and the range are printed, with the emulator's own figure for synthesis. Figures, not
 * verdicts. It starts the real `local/start.ts` on a free port, against a database of its own.
 */
const ROOT = path.resolve(import.meta.dirname, '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const RUNS = Number(process.env.RUNS ?? 3);
const DATABASE_URL =
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/rf_bench_start';

interface StartRun {
  readySeconds: number;
  synthLine: string;
}

function startOnce(): Promise<StartRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(TSX, [path.join(ROOT, 'local', 'start.ts')], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', DATABASE_URL },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let synthLine = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      synthLine ||= /\[emulator\] (?:reused|synthesized)[^\n]*/.exec(output)?.[0] ?? '';
      if (/is running at/.test(output)) {
        const readySeconds = (performance.now() - started) / 1000;
        child.removeAllListeners('exit');
        child.once('exit', () => resolve({ readySeconds, synthLine }));
        child.kill('SIGINT');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
  });
}

function summary(runs: StartRun[]): string {
  const seconds = runs.map((run) => run.readySeconds).sort((a, b) => a - b);
  const median = seconds[Math.floor(seconds.length / 2)] ?? Number.NaN;
  const range = `${seconds[0]?.toFixed(1)}-${seconds.at(-1)?.toFixed(1)}`;
  return `median ${median.toFixed(1)} s (range ${range} s over ${runs.length}); ${runs[0]?.synthLine}`;
}

const afterChange: StartRun[] = [];
const unchanged: StartRun[] = [];
for (let run = 0; run < RUNS; run += 1) {
  // As after a change to any source: the next start must synthesize and bundle again.
  await rm(path.join(DEFAULT_OUTDIR, INPUTS_DIGEST_FILE), { force: true });
  afterChange.push(await startOnce());
  unchanged.push(await startOnce());
}
console.log('npm start, from spawn to ready:');
console.log(`  after a change (synthesized, bundled): ${summary(afterChange)}`);
console.log(`  nothing changed (assembly reused):     ${summary(unchanged)}`);
