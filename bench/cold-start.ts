import '../local/quiet-sdk';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { LOCAL_DATABASE_URL, LOCAL_REDIS_URL } from '../lib/stage';
import { registerApiKey } from '../local/api-keys';
import { dropDatabase, migrate } from '../local/database';
import { type Emulator, startEmulator, synthesize } from '../local/emulator';
import { compositionOf } from './cold-start/composition';
import { measureFloors } from './cold-start/floor';
import { readFunctionFacts } from './cold-start/function-facts';
import { measureColdStarts, measureUnderLoad } from './cold-start/measure';
import { printReport } from './cold-start/print';
import { workloads } from './cold-start/workloads';
import { benchEnvironment } from './support/local-stack';

/**
 * Cold start and memory of every function, as figures (no pass or fail): bundle size and
 * what it is made of, Init Duration, its CPU time and resident memory after init (median of
 * `--runs` cold starts, each alone), peak resident memory and CPU per invocation under a
 * short load, the floors measured in the same run (bare node, the runtime with an empty
 * handler), and what source maps cost at init. `--seconds 0` skips the loads. `--assembly <dir>` measures an assembly synthesized earlier (e.g. before a
 * change); `--json` prints the figures as JSON.
 */
const { values: args } = parseArgs({
  options: {
    assembly: { type: 'string' },
    runs: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '3' },
    json: { type: 'boolean', default: false },
  },
});
const runs = Number(args.runs);
const seconds = Number(args.seconds);
const databaseUrl = (() => {
  const url = new URL(process.env.DATABASE_URL ?? LOCAL_DATABASE_URL);
  url.pathname = `/rf_bench_cold_${randomBytes(3).toString('hex')}`;
  return url.toString();
})();

const assemblyDir = args.assembly ?? (await synthesize('cdk.out/cold-start-assembly'));
const loadAtStart = loadavg()[0] ?? Number.NaN;
const facts = await readFunctionFacts(assemblyDir);
const floors = await measureFloors(runs);
await migrate(databaseUrl);
const keys = {
  userKey: await registerApiKey(databaseUrl, 'user'),
  adminKey: await registerApiKey(databaseUrl, 'admin'),
};
const names = [...facts.keys()];
const composition = new Map(
  await Promise.all(names.map(async (n) => [n, await compositionOf(n)] as const)),
);

async function withEmulator<T>(
  functionEnvironment: Record<string, Record<string, string>>,
  run: (emulator: Emulator) => Promise<T>,
): Promise<T> {
  const emulator = await startEmulator({
    port: 0,
    assemblyDir,
    environment: benchEnvironment({
      databaseUrl,
      redisUrl: process.env.REDIS_URL ?? LOCAL_REDIS_URL,
      redisKeyPrefix: `bench-cold-${randomBytes(3).toString('hex')}:`,
    }),
    functionEnvironment,
    schedules: false,
    // Quiet, except what went wrong: a figure measured through failures would mislead.
    log: (line) => {
      if (/\tStatus: |\tERROR\t|Invoke Error|INIT_REPORT/.test(line)) console.error(line);
    },
  });
  try {
    return await run(emulator);
  } finally {
    await emulator.stop();
  }
}

try {
  const measured = await withEmulator({}, async (emulator) => {
    const work = workloads({ emulator, ...keys });
    const cold = await measureColdStarts(emulator, names, work, runs);
    // `--seconds 0`: cold starts only.
    const loaded = seconds > 0 ? await measureUnderLoad(emulator, names, work, seconds) : new Map();
    return { cold, loaded };
  });
  // The same cold starts without --enable-source-maps: what keeping stack traces costs.
  const noSourceMaps = Object.fromEntries(names.map((name) => [name, { NODE_OPTIONS: '' }]));
  const withoutMaps = await withEmulator(noSourceMaps, (emulator) =>
    measureColdStarts(emulator, names, workloads({ emulator, ...keys }), runs),
  );
  const loadAverage: [number, number] = [loadAtStart, loadavg()[0] ?? Number.NaN];
  const report = { names, facts, composition, floors, ...measured, withoutMaps, runs, seconds };
  printReport({ ...report, loadAverage }, args.json);
} finally {
  await dropDatabase(databaseUrl);
}
