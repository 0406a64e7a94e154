import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerApiKey } from '../../local/api-keys';
import { groupMembers, signalGroup, waitForGroupToEnd } from '../support/process-group';
import { type StackProcess, startStackProcess } from './client/support/stack-process';

/** A run takes about 10 s here; a hung one must not hold `npm test` for long. */
const CHILD_DEADLINE_MS = 45_000;

/** Every remote suite must run and pass: a new one is counted without editing this file. */
const REMOTE_SUITES = readdirSync(path.join(import.meta.dirname, '../remote')).filter((name) =>
  name.endsWith('.test.ts'),
).length;

let stack: StackProcess;

beforeAll(async () => {
  stack = await startStackProcess('remote');
});
afterAll(async () => {
  await stack?.stop();
});

/**
 * What a user of `npm run test:remote` sets: the stack's URL and keys of two tenants, or
 * (`minted`) only an admin and an operator key, as a deployed stack's bootstrap secrets
 * give, from which the suites mint the rest through the API. Each run gets keys of its
 * own, as two people running the suites would: the rate limits are per key, and a run
 * must not wait out the last one's quota.
 */
async function remoteEnvironment(keys: 'given' | 'minted'): Promise<Record<string, string>> {
  const key = (scope: 'user' | 'admin', tenantId: string) =>
    registerApiKey(stack.databaseUrl, scope, { tenantId });
  const rest: Record<string, string> =
    keys === 'given'
      ? {
          TEST_USER_KEY: await key('user', 'default'),
          TEST_OTHER_USER_KEY: await key('user', 'tenant-b'),
          TEST_OTHER_ADMIN_KEY: await key('admin', 'tenant-b'),
        }
      : { TEST_OPERATOR_KEY: await registerApiKey(stack.databaseUrl, 'operator') };
  return {
    TEST_API_URL: stack.url,
    TEST_ADMIN_KEY: await key('admin', 'default'),
    ...rest,
    // Here every suite must run: one that would skip for want of a key fails instead.
    TEST_REMOTE_REQUIRE_ALL: '1',
  };
}

/** Runs `vitest --project remote` as a user would, in a process group of its own. */
function runRemoteSuites(
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  // The child is a vitest run of its own: nothing of this worker's run may leak into it.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !name.startsWith('VITEST') && !name.startsWith('TEST_'),
    ),
  );
  const child = spawn('npx', ['vitest', 'run', '--project', 'remote'], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...inherited, NODE_ENV: 'test', NO_COLOR: '1', FORCE_COLOR: '0', CI: '1', ...env },
  });
  const pgid = child.pid;
  if (pgid === undefined) throw new Error('vitest could not be spawned');
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      output += `\n[remote-suites] no result within ${CHILD_DEADLINE_MS} ms: killed\n`;
      signalGroup(pgid, 'SIGKILL');
    }, CHILD_DEADLINE_MS);
    child.once('close', (code) => {
      clearTimeout(timer);
      // Anything it started (its workers) ends with it.
      if (groupMembers(pgid).length > 0) signalGroup(pgid, 'SIGKILL');
      waitForGroupToEnd(pgid, 5_000).then(
        () => resolve({ code, output }),
        (error: Error) =>
          resolve({ code, output: `${output}\n[remote-suites] ${error.message}\n` }),
      );
    });
  });
}

describe('npm run test:remote', () => {
  it(
    'passes every remote suite against a local stack, given only its URL and keys, twice over',
    async () => {
      // The second run meets the first one's data on the same deployment, as a re-run does,
      // and mints its user and other-tenant keys through the API.
      for (const run of ['given', 'minted'] as const) {
        const { code, output } = await runRemoteSuites(await remoteEnvironment(run));
        expect(code, `${run} run:\n${output}`).toBe(0);
        // All of them ran: nothing skipped, every file passed.
        expect(output, `${run} run:\n${output}`).not.toMatch(/\d+ skipped/);
        expect(output, `${run} run:\n${output}`).toMatch(
          new RegExp(`Test Files\\s+${REMOTE_SUITES} passed \\(${REMOTE_SUITES}\\)`),
        );
      }
    },
    2 * CHILD_DEADLINE_MS + 15_000,
  );
});
