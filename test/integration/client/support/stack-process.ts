import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { inject } from 'vitest';
import { registerApiKey } from '../../../../local/api-keys';
import { dropDatabase, migrate } from '../../../../local/database';
import { groupMembers, signalGroup, waitForGroupToEnd } from '../../../support/process-group';
import { recordFunctionLog } from '../../support/function-logs';
import { testDatabaseServerUrl, testRedisUrl } from '../../support/urls';

/** The stack in a child process group: SIGSTOP to the group freezes every part of it. */
export interface StackProcess {
  url: string;
  userKey: string;
  /** The stack's own database, e.g. to register more keys in it. */
  databaseUrl: string;
  db: pg.Pool;
  freeze(): void;
  thaw(): void;
  stop(): Promise<void>;
}

export async function startStackProcess(suite: string): Promise<StackProcess> {
  const name = `rf_test_${suite}_${randomBytes(4).toString('hex')}`;
  const url = new URL(testDatabaseServerUrl());
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  await migrate(databaseUrl);
  const userKey = await registerApiKey(databaseUrl, 'user');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'stack-main.ts')],
    {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        STACK_ASSEMBLY_DIR: inject('assemblyDir'),
        DATABASE_URL: databaseUrl,
        REDIS_URL: testRedisUrl(),
        REDIS_KEY_PREFIX: `${name}:`,
      },
    },
  );
  const pgid = child.pid;
  if (pgid === undefined) throw new Error('The stack process could not be spawned');
  createInterface({ input: child.stderr }).on('line', recordFunctionLog);
  const stackUrl = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (line) => {
      resolve((JSON.parse(line) as { url: string }).url);
    });
    child.once('exit', (code) => reject(new Error(`The stack process exited (${code})`)));
  });
  const db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  return {
    url: stackUrl,
    userKey,
    databaseUrl,
    db,
    freeze: () => signalGroup(pgid, 'SIGSTOP'),
    thaw: () => signalGroup(pgid, 'SIGCONT'),
    async stop() {
      signalGroup(pgid, 'SIGCONT');
      signalGroup(pgid, 'SIGTERM');
      try {
        await waitForGroupToEnd(pgid, 15_000);
      } catch {
        // A clean stop that hangs is not what these tests are about: end it.
        if (groupMembers(pgid).length > 0) signalGroup(pgid, 'SIGKILL');
        await waitForGroupToEnd(pgid);
      }
      await db.end();
      await dropDatabase(databaseUrl);
    },
  };
}
