import '../../local/quiet-sdk';
import { randomBytes } from 'node:crypto';
import { LOCAL_DATABASE_URL, LOCAL_REDIS_URL } from '../../lib/stage';
import { registerApiKey } from '../../local/api-keys';
import { dropDatabase, migrate } from '../../local/database';
import { type Emulator, startEmulator } from '../../local/emulator';
import { readStackArtifact } from '../../local/emulator/assembly';
import { functionSettingsFrom } from '../../local/function-settings';

/** A stack of its own for one benchmark: a fresh database, a user key, the emulator. */
export interface BenchStack {
  emulator: Emulator;
  assemblyDir: string;
  databaseUrl: string;
  redisUrl: string;
  userKey: string;
  /** Headers of an authenticated JSON request. */
  headers: Record<string, string>;
  stop(): Promise<void>;
}

export interface BenchStackOptions {
  /** Names the database and the Redis prefix, so benchmarks running at once never share. */
  name: string;
  /** A synthesized assembly (`synthesize(outdir)`, one directory per benchmark). */
  assemblyDir: string;
  /** By the function's logical id without its hash (`Submit`), as the emulator takes it. */
  functionEnvironment?: Record<string, Record<string, string>>;
}

/**
 * What every benchmark's emulator gives the functions: the settings given to this run, as
 * `npm start` takes them (POWERTOOLS_TRACE_ENABLED...), its own database, Redis and key
 * prefix, and rate limits out of the way: one key sends each load, and the figures are the
 * service's, not its 429s.
 */
export function benchEnvironment(stores: {
  databaseUrl: string;
  redisUrl: string;
  redisKeyPrefix: string;
}): Record<string, string> {
  return {
    ...functionSettingsFrom(process.env),
    DATABASE_URL: stores.databaseUrl,
    REDIS_URL: stores.redisUrl,
    REDIS_KEY_PREFIX: stores.redisKeyPrefix,
    RATE_LIMIT_USER_PER_MINUTE: '100000000',
    RATE_LIMIT_METRICS_PER_MINUTE: '100000000',
    RATE_LIMIT_ADMIN_PER_MINUTE: '100000000',
  };
}

export async function startBenchStack(options: BenchStackOptions): Promise<BenchStack> {
  const suffix = randomBytes(3).toString('hex');
  const url = new URL(process.env.DATABASE_URL ?? LOCAL_DATABASE_URL);
  url.pathname = `/rf_bench_${options.name}_${suffix}`;
  const databaseUrl = url.toString();
  const redisUrl = process.env.REDIS_URL ?? LOCAL_REDIS_URL;
  const { assemblyDir } = options;
  await migrate(databaseUrl);
  const userKey = await registerApiKey(databaseUrl, 'user');
  const emulator = await startEmulator({
    port: 0,
    assemblyDir,
    environment: benchEnvironment({
      databaseUrl,
      redisUrl,
      redisKeyPrefix: `bench-${options.name}-${suffix}:`,
    }),
    functionEnvironment: options.functionEnvironment,
    schedules: false,
    log: process.env.BENCH_LOG ? (line) => console.error(line) : () => {},
  });
  return {
    emulator,
    assemblyDir,
    databaseUrl,
    redisUrl,
    userKey,
    headers: { authorization: `Bearer ${userKey}`, 'content-type': 'application/json' },
    async stop() {
      await emulator.stop();
      await dropDatabase(databaseUrl);
    },
  };
}

let counter = 0;
const run = randomBytes(4).toString('hex');

/** One valid feedback with a proposal id never used before. */
export function newFeedback(modelVersion = 'bench'): Record<string, unknown> {
  counter += 1;
  return {
    proposalId: `bench-${run}-${counter}`,
    originalFilename: 'IMG_0001.JPG',
    proposedFilename: '2024-06-01_beach.jpg',
    action: counter % 4 === 0 ? 'rejected' : 'approved',
    confidence: 0.8,
    modelVersion,
    userId: `bench-user-${counter % 50}`,
    processingTimeMs: 100,
  };
}

/** Nearest-rank quantile of milliseconds. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
}

/** The template's value of one variable of a function, by logical id prefix (`Submit`). */
export async function templateVariable(
  assemblyDir: string,
  functionPrefix: string,
  variable: string,
): Promise<string | undefined> {
  const { template } = await readStackArtifact(assemblyDir);
  const resources = Object.entries(template.Resources ?? {}) as [string, unknown][];
  for (const [id, resource] of resources) {
    const found = resource as {
      Type?: string;
      Properties?: { Environment?: { Variables?: Record<string, unknown> } };
    };
    if (!id.startsWith(functionPrefix) || found.Type !== 'AWS::Lambda::Function') continue;
    const value = found.Properties?.Environment?.Variables?.[variable];
    return typeof value === 'string' ? value : undefined;
  }
  return undefined;
}
