import { SQSClient } from '@aws-sdk/client-sqs';
import { type Emulator, type EmulatorOptions, startEmulator } from '../../../local/emulator';

export { synthesizeFixture } from '../../fixtures/emulator/fixture-app';

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
  const sqs = new SQSClient({
    endpoint: emulator.sqsEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    useQueueUrlAsEndpoint: false,
  });
  return {
    emulator,
    logs,
    sqs,
    async stop() {
      sqs.destroy();
      await emulator.stop();
    },
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
