import pg from 'pg';
import { inject } from 'vitest';
import { registerApiKey } from '../../../local/api-keys';
import { migrate } from '../../../local/database';
import { type Emulator, startEmulator } from '../../../local/emulator';
import { recordFunctionLog } from '../../integration/support/function-logs';
import type { PrivateRedis } from '../../support/private-redis';
import { type PrivatePostgres, startPrivatePostgres, startPrivateRedis } from './private-servers';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where this run's private servers live; the global teardown removes it. */
    faultRoot: string;
    /** JSON lines of each scenario's figures, printed as a table at the end. */
    faultFiguresFile: string;
  }
}

/**
 * Faults are meant to be felt, not throttled away: a limit far above the load, so every
 * 429 a scenario sees is a real one. Failed batches come back after 3 s: short enough for
 * a killed `learn` batch to return within the scenario, and long enough that five
 * receives (the redrive limit) span more than a 5 s outage, as AWS's 180 s do in production.
 */
export const FAULT_ENVIRONMENT = {
  REDIS_KEY_PREFIX: 'rf-fault:',
  RATE_LIMIT_USER_PER_MINUTE: '1000000',
  RATE_LIMIT_METRICS_PER_MINUTE: '1000000',
  // The sweeper resends committed-but-unsent feedback a few seconds after commit, not 30 s.
  OUTBOX_SWEEP_MIN_AGE_SECONDS: '3',
};
export const FAULT_VISIBILITY_TIMEOUT_SECONDS = 3;
const DATABASE = 'rename_feedback_fault';

/** A scenario's private servers, database and key: everything but the stack itself. */
export interface FaultServers {
  postgres: PrivatePostgres;
  redis: PrivateRedis;
  databaseUrl: string;
  userKey: string;
  /** The scenario's view of what was stored (opened on demand: the server may be killed). */
  db(): pg.Pool;
  remove(): Promise<void>;
}

export async function startFaultServers(): Promise<FaultServers> {
  // Directly in the run's directory, where the global teardown looks for leftovers.
  const root = inject('faultRoot');
  const postgres = await startPrivatePostgres(root);
  const redis = await startPrivateRedis(root).catch(async (error: unknown) => {
    await postgres.remove();
    throw error;
  });
  let pool: pg.Pool | undefined;
  const databaseUrl = postgres.databaseUrl(DATABASE);
  const servers: FaultServers = {
    postgres,
    redis,
    databaseUrl,
    userKey: '',
    db: () => {
      if (!pool) {
        pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
        // An idle connection lost to a killed server is replaced, not thrown.
        pool.on('error', () => {});
      }
      return pool;
    },
    async remove() {
      await pool?.end().catch(() => undefined);
      await Promise.all([redis.remove(), postgres.remove()]);
    },
  };
  try {
    // migrate() creates the database through the server's `postgres` maintenance database.
    await migrate(databaseUrl);
    servers.userKey = await registerApiKey(databaseUrl, 'user', { label: 'fault suite' });
  } catch (error) {
    await servers.remove();
    throw error;
  }
  return servers;
}

/** Everything the emulator logged, kept whole for evidence, and for printing on failure. */
export class LogLines {
  readonly lines: string[] = [];

  readonly record = (line: string): void => {
    this.lines.push(line);
    recordFunctionLog(line);
  };

  count(pattern: RegExp): number {
    return this.lines.filter((line) => pattern.test(line)).length;
  }
}

export interface FaultStack {
  url: string;
  emulator: Emulator;
  logs: LogLines;
  stop(): Promise<void>;
}

/** The synthesized stack in the emulator, pointed at the private servers. */
export async function startFaultStack(servers: FaultServers): Promise<FaultStack> {
  const logs = new LogLines();
  const emulator = await startEmulator({
    port: 0,
    assemblyDir: inject('assemblyDir'),
    environment: {
      DATABASE_URL: servers.databaseUrl,
      REDIS_URL: servers.redis.url,
      ...FAULT_ENVIRONMENT,
    },
    visibilityTimeoutSeconds: FAULT_VISIBILITY_TIMEOUT_SECONDS,
    // The sweeper is fired by the scenario (see sweepEvery), not on its one-minute rate.
    schedules: false,
    log: logs.record,
  });
  return { url: emulator.url, emulator, logs, stop: () => emulator.stop() };
}

/**
 * Fires the scheduled rules (the outbox sweeper) every `ms` until stopped: the one-minute
 * EventBridge rule, sped up as the visibility timeout is, so feedback committed while its
 * publish failed is resent within the scenario. A firing that fails (PostgreSQL down) is
 * what a real schedule would also see; the next one retries.
 */
export function sweepEvery(emulator: Emulator, ms: number): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(() => emulator.fireSchedules().catch(() => undefined));
  }, ms);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

/** Private servers and a stack for one test, removed afterwards whatever happened. */
export async function withFaultStack(
  test: (servers: FaultServers, stack: FaultStack) => Promise<void>,
): Promise<void> {
  const servers = await startFaultServers();
  try {
    const stack = await startFaultStack(servers);
    try {
      await test(servers, stack);
    } finally {
      await stack.stop();
    }
  } finally {
    await servers.remove();
  }
}
