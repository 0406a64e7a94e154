import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { registerApiKey } from '../../../local/api-keys';
import { dropDatabase, migrate } from '../../../local/database';
import { type Emulator, startEmulator } from '../../../local/emulator';
import { recordFunctionLog } from './function-logs';
import { testDatabaseServerUrl, testRedisUrl } from './urls';

export interface TestSystem {
  url: string;
  userKey: string;
  adminKey: string;
  /** No tenant: the queues and dead letters every tenant shares. */
  operatorKey: string;
  emulator: Emulator;
  /** The suite's own database, for checking what was stored. */
  db: pg.Pool;
  databaseUrl: string;
  stop(): Promise<void>;
}

/**
 * The whole system for one suite: a fresh database, its own emulator (own queues and
 * tables) on a free port, a user and an admin key of the tenant `default`, and an operator
 * key. Failed messages come back after two seconds instead of the template's three minutes,
 * so dead-lettering takes seconds.
 * `environment` adds to (or overrides) the functions' variables, e.g. smaller rate limits.
 */
export async function startSystem(
  suite: string,
  options: {
    redisUrl?: string;
    environment?: Record<string, string>;
    functionEnvironment?: Record<string, Record<string, string>>;
    /** Reuse this database name (and Redis key prefix) instead of a random one. */
    databaseName?: string;
  } = {},
): Promise<TestSystem> {
  const name =
    options.databaseName ??
    `rf_test_${suite.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  const url = new URL(testDatabaseServerUrl());
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  await migrate(databaseUrl);
  const userKey = await registerApiKey(databaseUrl, 'user');
  const adminKey = await registerApiKey(databaseUrl, 'admin');
  const operatorKey = await registerApiKey(databaseUrl, 'operator');
  const emulator = await startEmulator({
    port: 0,
    assemblyDir: inject('assemblyDir'),
    environment: {
      DATABASE_URL: databaseUrl,
      REDIS_URL: options.redisUrl ?? testRedisUrl(),
      REDIS_KEY_PREFIX: `${name}:`,
      ...options.environment,
    },
    functionEnvironment: options.functionEnvironment,
    // Longer than learn's batching window (1 s), or a message would show again while the
    // batch it is in still gathers.
    visibilityTimeoutSeconds: 2,
    schedules: false,
    log: recordFunctionLog,
  });
  const system: TestSystem = {
    url: emulator.url,
    userKey,
    adminKey,
    operatorKey,
    emulator,
    db: new pg.Pool({ connectionString: databaseUrl, max: 2 }),
    databaseUrl,
    async stop() {
      await emulator.stop();
      await system.db.end();
      await dropDatabase(databaseUrl);
    },
  };
  return system;
}
