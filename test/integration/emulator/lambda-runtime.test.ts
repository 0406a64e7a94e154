import { describe, expect, it } from 'vitest';
import { type FixtureEmulator, linesOf, useFixtureEmulators } from './fixture-emulator';

/*
 * How the emulator runs a function, against what AWS documents of the managed Node.js runtime
 * (nodejs22.x). Each test names the page it follows.
 */
const emulators = useFixtureEmulators();
let system: FixtureEmulator;

async function get(route: string): Promise<{ status: number; body: unknown; ms: number }> {
  const started = Date.now();
  const answer = await fetch(`${system.emulator.url}${route}`);
  return { status: answer.status, body: await answer.json(), ms: Date.now() - started };
}

/** Kills a function's instances and waits until the emulator has let them go. */
async function killInstances(shortName: string): Promise<void> {
  for (const pid of system.emulator.functionPids(shortName)) process.kill(pid, 'SIGKILL');
  while (system.emulator.functionPids(shortName).length > 0) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('the Lambda runtime', () => {
  // "Define Lambda function handler in Node.js" (callback-based handlers),
  // https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html, and
  // "Using the Lambda context object to retrieve Node.js function information"
  // (callbackWaitsForEmptyEventLoop), https://docs.aws.amazon.com/lambda/latest/dg/nodejs-context.html
  // AWS: Define Lambda function handler in Node.js, https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html
  // AWS: Using the Lambda context object to retrieve Node.js function information, https://docs.aws.amazon.com/lambda/latest/dg/nodejs-context.html
  it('runs callback handlers, answering once the event loop is empty unless told not to wait', async () => {
    system = await emulators.start();
    const waited = await get('/callback?timerMs=800');
    expect(waited).toMatchObject({ status: 200, body: { calledBackAfterMs: expect.any(Number) } });
    expect(waited.ms).toBeGreaterThanOrEqual(800);
    // The pending timer ran inside the invocation: its line comes before the END line.
    const lines = linesOf(system.logs, 'Callbacks', /timer fired|^END /);
    expect(lines[0]).toMatch(/\tINFO\ttimer fired$/);
    expect(lines[1]).toMatch(/^END /);

    const hurried = await get('/callback?timerMs=1500&wait=false');
    expect(hurried.status).toBe(200);
    expect(hurried.ms).toBeLessThan(1500);

    expect(await get('/callback?fail=1')).toMatchObject({
      status: 500,
      body: { message: 'Internal Server Error' },
    });
    await expect(
      system.emulator.invoke('Callbacks', { queryStringParameters: { fail: '1' } }),
    ).rejects.toMatchObject({ errorType: 'Error', message: /called back with an error/ });
    // Never calling back, or a promise that never settles: Lambda answers null once nothing
    // is left to run, well before the 5 s timeout.
    for (const never of ['1', 'promise']) {
      const started = Date.now();
      await expect(
        system.emulator.invoke('Callbacks', { queryStringParameters: { never } }),
      ).resolves.toBeNull();
      expect(Date.now() - started).toBeLessThan(4000);
    }
  });

  // "Using the Lambda context object to retrieve Node.js function information"
  // (getRemainingTimeInMillis), https://docs.aws.amazon.com/lambda/latest/dg/nodejs-context.html:
  // the invocation's clock starts once the init is over.
  // AWS: Using the Lambda context object to retrieve Node.js function information, https://docs.aws.amazon.com/lambda/latest/dg/nodejs-context.html
  // AWS: Understanding the Lambda execution environment lifecycle, https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html
  it('counts the remaining time from the end of a slow init on a cold start', async () => {
    system = await emulators.start();
    await killInstances('SlowInit');
    const answer = (await system.emulator.invoke('SlowInit', {})) as {
      remainingTimeInMillis: number;
    };
    expect(answer.remainingTimeInMillis).toBeGreaterThan(2900);
    expect(answer.remainingTimeInMillis).toBeLessThanOrEqual(3000);
  });

  // "Log and monitor Node.js Lambda functions" (log format),
  // https://docs.aws.amazon.com/lambda/latest/dg/nodejs-logging.html
  // AWS: Log and monitor Node.js Lambda functions, https://docs.aws.amazon.com/lambda/latest/dg/nodejs-logging.html
  it('writes START, the function output, END and REPORT for every invocation, in that order', async () => {
    system = await emulators.start();
    await get('/sleep?ms=0');
    await get('/sleep?ms=0');
    const lines = linesOf(system.logs, 'Sleeper', /^(START|END|REPORT) |sleeping/);
    const ids = lines.map((line) => /RequestId: ([0-9a-f-]{36})/.exec(line)?.[1]);
    expect(lines).toHaveLength(8);
    for (const at of [0, 4]) {
      const id = ids[at];
      expect(lines[at]).toBe(`START RequestId: ${id} Version: $LATEST`);
      expect(lines[at + 1]).toMatch(new RegExp(`^[^\\t]+\\t${id}\\tINFO\\tsleeping 0 ms$`));
      expect(lines[at + 2]).toBe(`END RequestId: ${id}`);
      expect(lines[at + 3]).toMatch(new RegExp(`^REPORT RequestId: ${id}\\t`));
    }
    expect(ids[0]).not.toBe(ids[4]);
  });

  // "Defined runtime environment variables",
  // https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
  // AWS: Working with Lambda environment variables, https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html
  it("sets Lambda's reserved environment variables", async () => {
    system = await emulators.start();
    const { body } = await get('/echo/env');
    const { env } = body as { env: Record<string, string> };
    expect(env).toMatchObject({
      TZ: ':UTC',
      LANG: 'en_US.UTF-8',
      _HANDLER: 'index.handler',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_REGION: 'us-east-1',
      AWS_DEFAULT_REGION: 'us-east-1',
      LAMBDA_RUNTIME_DIR: expect.stringMatching(/\S/),
      AWS_LAMBDA_LOG_STREAM_NAME: expect.stringMatching(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\]/),
    });
    expect(env.AWS_LAMBDA_FUNCTION_NAME).toMatch(/^emulator-fixture-Echo/);
    expect(env.AWS_LAMBDA_LOG_GROUP_NAME).toBe(`/aws/lambda/${env.AWS_LAMBDA_FUNCTION_NAME}`);
    expect(env.LAMBDA_TASK_ROOT).toBeTruthy();
  });
});
