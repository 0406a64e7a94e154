import { describe, expect, it } from 'vitest';
import { FunctionInvocationError } from '../../../local/emulator';
import {
  type FixtureEmulator,
  linesOf,
  useFixtureEmulators,
  waitForLine,
} from './fixture-emulator';

const emulators = useFixtureEmulators();
let system: FixtureEmulator;

/** The slow fixture has reserved concurrency 1 and a 2 s timeout. */
async function sleep(ms: number): Promise<{ status: number; body: unknown }> {
  const answer = await fetch(`${system.emulator.url}/sleep?ms=${ms}`);
  return { status: answer.status, body: await answer.json() };
}

describe('functions', () => {
  // AWS: Understanding the Lambda execution environment lifecycle, https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html
  it('keep module state between invocations of one instance', async () => {
    system = await emulators.start();
    const first = await sleep(0);
    const second = await sleep(0);
    expect(first).toMatchObject({ status: 200, body: { invocations: 1 } });
    expect(second).toMatchObject({ status: 200, body: { invocations: 2 } });
    expect((second.body as { pid: number }).pid).toBe((first.body as { pid: number }).pid);
  });

  // API Gateway answers a throttled function 500 (see http-gateway-answers.test.ts).
  // AWS: Configuring reserved concurrency for a function, https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html
  // AWS: Troubleshooting issues with HTTP API Lambda integrations, https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-lambda.html
  it('answer 500 when their reserved concurrency is used up', async () => {
    system = await emulators.start();
    const slow = sleep(800);
    // The only instance is taken once the slow invocation has started.
    await waitForLine(system.logs, /sleeping 800 ms/);
    const throttled = await sleep(0);
    expect(throttled).toEqual({ status: 500, body: { message: 'Internal Server Error' } });
    expect((await slow).status).toBe(200);
    expect((await sleep(0)).status).toBe(200);
  });

  // AWS: Configure Lambda function timeout, https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html
  // AWS: Understanding the Lambda execution environment lifecycle, https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html
  it('time out with 500, and the next invocation gets a fresh instance', async () => {
    system = await emulators.start();
    const before = await sleep(0);
    const started = Date.now();
    const timedOut = await sleep(5000);
    expect(timedOut).toEqual({ status: 500, body: { message: 'Internal Server Error' } });
    expect(Date.now() - started).toBeLessThan(4000);
    expect(linesOf(system.logs, 'Sleeper', /Task timed out after 2\.00 seconds/)).toHaveLength(1);
    const after = await sleep(0);
    expect(after).toMatchObject({ status: 200, body: { invocations: 1 } });
    expect((after.body as { pid: number }).pid).not.toBe((before.body as { pid: number }).pid);
  });

  // AWS: Understanding the Lambda execution environment lifecycle, https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html
  it('give the next invocation a fresh instance after one left an unhandled rejection', async () => {
    system = await emulators.start();
    for (let round = 0; round < 3; round++) {
      const answer = await fetch(`${system.emulator.url}/sleep?ms=0&leave=rejection`);
      expect(answer.status).toBe(200);
      const left = (await answer.json()) as { pid: number };
      const next = await sleep(0);
      expect(next).toMatchObject({ status: 200, body: { invocations: 1 } });
      expect((next.body as { pid: number }).pid).not.toBe(left.pid);
    }
    expect(linesOf(system.logs, 'Sleeper', /Runtime\.UnhandledPromiseRejection/)).toHaveLength(3);
  });

  // AWS: Invoke, https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
  it('can be invoked directly, and report errors as the Invoke API does', async () => {
    system = await emulators.start();
    const result = await system.emulator.invoke('Sleeper', { queryStringParameters: { ms: '0' } });
    expect(result).toMatchObject({ invocations: 1 });
    const failure = system.emulator.invoke('Echo', {
      routeKey: 'GET /shaped/{kind}',
      pathParameters: { kind: 'nothing' },
    });
    await expect(failure).rejects.toBeInstanceOf(FunctionInvocationError);
    await expect(failure).rejects.toMatchObject({
      errorType: 'Error',
      message: 'Echo failed: Error: unknown shape nothing',
    });
    // The runtime logs the failure as Lambda's does, with the request id and level.
    expect(
      linesOf(system.logs, 'Echo', /\tERROR\tInvoke Error \t\{"errorType":"Error"/),
    ).toHaveLength(1);
    await expect(system.emulator.invoke('Nope', {})).rejects.toThrow(/No function/);
  });

  // Emulator: functions run on this machine's Node, not the template's runtime; the emulator
  // gives them the globals that runtime has.
  it("see the globals of the template's Node 22 (navigator) whatever Node runs them", async () => {
    system = await emulators.start();
    const answer = await fetch(`${system.emulator.url}/echo/globals`);
    const { userAgent } = (await answer.json()) as { userAgent?: string };
    expect(userAgent).toBe(`Node.js/${process.versions.node.split('.')[0]}`);
  });

  // AWS: Log and monitor Node.js Lambda functions, https://docs.aws.amazon.com/lambda/latest/dg/nodejs-logging.html
  it('forward all their console output, with name and request id, before the invocation ends', async () => {
    system = await emulators.start();
    await system.emulator.fireSchedules();
    const [tick] = linesOf(system.logs, 'Ticker', /tick /);
    expect(tick).toMatch(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z\t[0-9a-f-]{36}\tINFO\ttick \{/);
  });
});
