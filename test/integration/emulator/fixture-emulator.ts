import type { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { type Emulator, type EmulatorOptions, startEmulator } from '../../../local/emulator';
import { synthesizeFixture } from '../../fixtures/emulator/fixture-app';
import { testSqsClient } from '../support/sqs';

export { synthesizeFixture };

export interface FixtureEmulator {
  emulator: Emulator;
  /** Every line the emulator logged (function output is prefixed with `[ShortName] `). */
  logs: string[];
  sqs: SQSClient;
  stop(): Promise<void>;
}

export async function startTestEmulator(
  assemblyDir: string,
  options: Partial<EmulatorOptions> = {},
): Promise<FixtureEmulator> {
  const logs: string[] = [];
  const emulator = await startEmulator({
    port: 0,
    assemblyDir,
    environment: {},
    schedules: false,
    log: (line) => {
      logs.push(line);
      if (process.env.TEST_LOG) console.log(line);
    },
    ...options,
  });
  const sqs = testSqsClient(emulator);
  let stopped: Promise<void> | undefined;
  return {
    emulator,
    logs,
    sqs,
    // Idempotent: a test may stop its emulator itself, and the suite's hook stops it again.
    stop() {
      stopped ??= (async () => {
        sqs.destroy();
        await emulator.stop();
      })();
      return stopped;
    },
  };
}

/**
 * A suite's fixture: synthesized once before its tests and removed after them; every
 * emulator a test starts with `start` is stopped when that test ends.
 */
export function useFixtureEmulators() {
  let fixture: Awaited<ReturnType<typeof synthesizeFixture>> | undefined;
  const running: FixtureEmulator[] = [];
  const stopAll = () => Promise.all(running.splice(0).map((system) => system.stop()));
  beforeAll(async () => {
    fixture = await synthesizeFixture();
  });
  afterEach(async () => {
    await stopAll();
  });
  afterAll(async () => {
    await fixture?.remove();
  });
  return {
    async start(options: Partial<EmulatorOptions> = {}): Promise<FixtureEmulator> {
      if (!fixture)
        throw new Error('The fixture is synthesized in beforeAll: start emulators in tests');
      const system = await startTestEmulator(fixture.assemblyDir, options);
      running.push(system);
      return system;
    },
    /** Stops this test's emulators now (a suite's own clean-up may need them stopped first). */
    stopAll,
  };
}

/** The log lines of one function matching a pattern, without the function prefix. */
export function linesOf(logs: string[], shortName: string, pattern: RegExp): string[] {
  const prefix = `[${shortName}] `;
  return logs
    .filter((line) => line.startsWith(prefix))
    .map((line) => line.slice(prefix.length))
    .filter((line) => pattern.test(line));
}

/** Waits until a log line matches, for what happens asynchronously (queues, schedules). */
export async function waitForLine(
  logs: string[],
  pattern: RegExp,
  timeoutMs = 5000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = logs.find((line) => pattern.test(line));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`No log line matched ${pattern} in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
