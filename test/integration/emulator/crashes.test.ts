import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useFixtureEmulators } from './fixture-emulator';

const emulators = useFixtureEmulators();

interface Served {
  pid: number;
  invocations: number;
}

/*
 * Every way a Node.js function can fail. `fresh`: Lambda discards the environment (the
 * runtime exited, or was stopped), so the next invocation gets a new instance; a handler's
 * own error leaves the environment as it is.
 */
const crashes = [
  { kind: 'process.exit(1) mid-invocation', query: 'crash=exit', fresh: true },
  { kind: 'a throw at init', query: '', atInit: true, fresh: true },
  { kind: 'a synchronous throw in the handler', query: 'crash=throw', fresh: false },
  { kind: 'a throw nobody catches (in a timer)', query: 'crash=uncaught', fresh: true },
  { kind: 'an unhandled rejection left behind', query: 'crash=rejection', fresh: true },
  { kind: 'out of memory (past the heap and MemorySize)', query: 'crash=heap', fresh: true },
  { kind: 'an infinite loop (until its timeout)', query: 'crash=loop', fresh: true },
];

describe('the emulator', () => {
  // "Understand the Lambda execution environment lifecycle" (failures during the Init and
  // Invoke phases: a crash or timeout resets the environment, a failed init is retried),
  // https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html
  // AWS: Understanding the Lambda execution environment lifecycle, https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html
  // AWS: Invoke, https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
  it('survives every way a function can crash', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'crasher-'));
    const marker = path.join(dir, 'throw-at-init');
    try {
      const system = await emulators.start({ environment: { CRASH_AT_INIT: marker } });
      const crash = async (query: string) => {
        const answer = await fetch(`${system.emulator.url}/crash?${query}`);
        return { status: answer.status, body: (await answer.json()) as unknown };
      };
      let before = (await crash('')).body as Served;
      for (const { kind, query, atInit, fresh } of crashes) {
        if (atInit) {
          // The next init throws: the live instance has to go first.
          await writeFile(marker, '');
          for (const pid of system.emulator.functionPids('Crasher')) process.kill(pid, 'SIGKILL');
          while (system.emulator.functionPids('Crasher').length > 0) {
            await new Promise((resolve) => setTimeout(resolve, 10));
          }
        }
        const failed = await crash(query);
        expect(failed, kind).toEqual({ status: 500, body: { message: 'Internal Server Error' } });
        const next = await crash('');
        expect(next.status, kind).toBe(200);
        const served = next.body as Served;
        if (fresh) expect(served.pid, kind).not.toBe(before.pid);
        else expect(served.pid, kind).toBe(before.pid);
        before = served;
      }
      // Still serving, other functions too.
      expect((await fetch(`${system.emulator.url}/sleep?ms=0`)).status).toBe(200);
      await expect(system.emulator.invoke('Crasher', {})).resolves.toMatchObject({
        invocations: expect.any(Number),
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  // AWS: Understanding the Lambda execution environment lifecycle, https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html
  it('fails only the event it sent to an instance that died a moment before', async () => {
    const system = await emulators.start();
    const [pid] = system.emulator.functionPids('Crasher');
    if (pid === undefined) throw new Error('Crasher has no instance ready');
    // In the same tick: the emulator has not yet seen the exit, and writes to a dead process.
    process.kill(pid, 'SIGKILL');
    await expect(system.emulator.invoke('Crasher', {})).rejects.toMatchObject({
      errorType: 'Runtime.ExitError',
    });
    await expect(system.emulator.invoke('Crasher', {})).resolves.toMatchObject({
      invocations: 1,
    });
  });
});
