import { describe, expect, it } from 'vitest';
import { FunctionInvocationError } from '../../../local/emulator';
import { type FixtureEmulator, linesOf, useFixtureEmulators } from './fixture-emulator';

const emulators = useFixtureEmulators();
let system: FixtureEmulator;

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const REPORT = new RegExp(
  `^REPORT RequestId: (${UUID})\\tDuration: (\\d+\\.\\d{2}) ms\\tBilled Duration: (\\d+) ms\\t` +
    'Memory Size: (\\d+) MB\\tMax Memory Used: (\\d+) MB\\t' +
    '(?:Init Duration: (\\d+\\.\\d{2}) ms\\t)?(?:Status: (\\w+)\\t)?(?:Error Type: ([\\w.]+)\\t)?$',
);

interface Report {
  requestId: string;
  duration: number;
  billed: number;
  memorySize: number;
  maxMemoryUsed: number;
  init?: number;
  status?: string;
  errorType?: string;
}

function reportsOf(shortName: string): Report[] {
  return linesOf(system.logs, shortName, /^REPORT /).map((line) => {
    const match = REPORT.exec(line);
    if (!match) throw new Error(`Not a REPORT line as Lambda writes it: ${JSON.stringify(line)}`);
    const [, requestId = '', duration, billed, memorySize, maxMemoryUsed, init, status, type] =
      match;
    return {
      requestId,
      duration: Number(duration),
      billed: Number(billed),
      memorySize: Number(memorySize),
      maxMemoryUsed: Number(maxMemoryUsed),
      ...(init === undefined ? {} : { init: Number(init) }),
      ...(status === undefined ? {} : { status }),
      ...(type === undefined ? {} : { errorType: type }),
    };
  });
}

async function get(path: string): Promise<{ status: number; body: unknown }> {
  const answer = await fetch(`${system.emulator.url}${path}`);
  return { status: answer.status, body: await answer.json() };
}

describe('REPORT lines', () => {
  // AWS: Log and monitor Node.js Lambda functions, https://docs.aws.amazon.com/lambda/latest/dg/nodejs-logging.html
  it('follow every invocation, with Init Duration on the first of an instance only', async () => {
    system = await emulators.start();
    await get('/sleep?ms=0');
    await get('/sleep?ms=50');
    const [cold, warm, ...others] = reportsOf('Sleeper');
    expect(others).toEqual([]);
    expect(cold).toMatchObject({ memorySize: 128, init: expect.any(Number) });
    expect(warm?.init).toBeUndefined();
    expect(warm?.duration).toBeGreaterThanOrEqual(50);
    // Billed: rounded up to the millisecond, the init included (billed since August 2025).
    expect(cold?.billed).toBe(Math.ceil((cold?.duration ?? 0) + (cold?.init ?? 0)));
    expect(warm?.billed).toBe(Math.ceil(warm?.duration ?? 0));
    // A Node.js process holds tens of MB before any code of its own; the peak never falls.
    expect(cold?.maxMemoryUsed).toBeGreaterThan(10);
    expect(warm?.maxMemoryUsed).toBeGreaterThanOrEqual(cold?.maxMemoryUsed ?? 0);
    expect(new Set([cold?.requestId, warm?.requestId]).size).toBe(2);
  });

  // AWS: Configure Lambda function timeout, https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html
  // AWS: Log and monitor Node.js Lambda functions, https://docs.aws.amazon.com/lambda/latest/dg/nodejs-logging.html
  it('report a timeout as lasting the timeout, with Status: timeout', async () => {
    system = await emulators.start();
    await get('/sleep?ms=0');
    expect((await get('/sleep?ms=5000')).status).toBe(500);
    const timedOut = reportsOf('Sleeper')[1];
    expect(timedOut).toMatchObject({ duration: 2000, billed: 2000, status: 'timeout' });
    expect(timedOut?.errorType).toBeUndefined();
  });
});

describe('MemorySize', () => {
  // AWS: Configure Lambda function memory, https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html
  it('holds the whole process, Buffers too: past it the invocation fails as Runtime.OutOfMemory', async () => {
    system = await emulators.start();
    const within = await get('/hog?mb=16');
    expect(within.status).toBe(200);
    // It holds on to the memory and never answers: the limit is enforced while it runs.
    const failed = await get('/hog?mb=256&hold=1');
    // API Gateway answers a failed invocation as it answers any function error.
    expect(failed).toEqual({ status: 500, body: { message: 'Internal Server Error' } });
    const [, killed] = reportsOf('Hog');
    // Well before its 10 s timeout.
    expect(killed?.duration).toBeLessThan(5000);
    expect(killed).toMatchObject({
      memorySize: 128,
      maxMemoryUsed: 128,
      status: 'error',
      errorType: 'Runtime.OutOfMemory',
    });
    // The instance was replaced: the next event starts a new process, with an init of its own.
    const after = await get('/hog?mb=0');
    expect(after.status).toBe(200);
    expect((after.body as { pid: number }).pid).not.toBe((within.body as { pid: number }).pid);
    expect(reportsOf('Hog')[2]?.init).toEqual(expect.any(Number));
  });

  // AWS: Invoke, https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
  // AWS: Configure Lambda function memory, https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html
  it('fails a direct invocation with the error type Lambda returns', async () => {
    system = await emulators.start();
    const invocation = system.emulator.invoke('Hog', { queryStringParameters: { mb: '256' } });
    await expect(invocation).rejects.toBeInstanceOf(FunctionInvocationError);
    await expect(invocation).rejects.toMatchObject({
      errorType: 'Runtime.OutOfMemory',
      message: expect.stringMatching(
        new RegExp(`RequestId: ${UUID} Error: Runtime exited with error: signal: killed`),
      ),
    });
  });

  // Emulator: functionInstances() is the emulator's own measurement of its instances, for
  // benchmarks; Lambda reports memory only in the REPORT line.
  it('counts what a function holds after its init, and its peak, per instance', async () => {
    system = await emulators.start();
    await get('/hog?mb=32');
    const [instance, ...others] = system.emulator.functionInstances('Hog');
    expect(others).toEqual([]);
    const mb = (bytes = 0) => bytes / 2 ** 20;
    expect(instance?.initDurationMs).toBeGreaterThan(0);
    expect(mb(instance?.rssAfterInitBytes)).toBeGreaterThan(10);
    expect(mb(instance?.peakRssBytes)).toBeGreaterThanOrEqual(mb(instance?.rssAfterInitBytes) + 32);
    expect(instance?.invocations).toBe(1);
  });
});
