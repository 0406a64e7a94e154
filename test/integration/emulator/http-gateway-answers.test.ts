import { describe, expect, it } from 'vitest';
import { readHttpResponse } from '../../../local/emulator/http-event';
import { type FixtureEmulator, useFixtureEmulators, waitForLine } from './fixture-emulator';

const emulators = useFixtureEmulators();
let system: FixtureEmulator;

async function get(path: string): Promise<{ status: number; type: string | null; body: string }> {
  const answer = await fetch(`${system.emulator.url}${path}`);
  return {
    status: answer.status,
    type: answer.headers.get('content-type'),
    body: await answer.text(),
  };
}

describe('the HTTP API in front of a function', () => {
  /**
   * "Handling Lambda errors with an API Gateway API",
   * https://docs.aws.amazon.com/lambda/latest/dg/services-apigateway-errors.html: API Gateway
   * treats invocation errors as internal errors; when the Lambda API rejects the invocation
   * request (a throttle is Lambda's 429), it answers 500, and does not retry. The body of an
   * HTTP API's is {"message":"Internal Server Error"} ("Troubleshooting issues with HTTP API
   * Lambda integrations",
   * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-lambda.html).
   * The 429 an API Gateway answers itself is its own throttling, not the function's.
   */
  // AWS: Troubleshooting issues with HTTP API Lambda integrations, https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-lambda.html
  // AWS: Configuring reserved concurrency for a function, https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html
  it('answers 500 Internal Server Error when the function is throttled (reserved concurrency used up)', async () => {
    system = await emulators.start();
    // The Sleeper has reserved concurrency 1: a slow invocation takes its only instance.
    const slow = get('/sleep?ms=800');
    await waitForLine(system.logs, /sleeping 800 ms/);
    expect(await get('/sleep?ms=0')).toEqual({
      status: 500,
      type: 'application/json',
      body: '{"message":"Internal Server Error"}',
    });
    expect((await slow).status).toBe(200);
    expect(system.logs.some((line) => /GET \/sleep\?ms=0: function throttled/.test(line))).toBe(
      true,
    );
  });

  /**
   * "Create AWS Lambda proxy integrations for HTTP APIs" (format 2.0),
   * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html:
   * a response without statusCode that is valid JSON is answered 200 with content-type
   * application/json (tested in functions.test.ts). For a structured response (with
   * statusCode) that sets no content-type the page is silent; HTTP APIs were observed to send
   * `text/plain; charset=utf-8` (https://aasisodiya.github.io/nodejs/nodejs-aws/nodejs-aws-apigw,
   * an HTTP API answering `{statusCode: 200, body}` with that header; reports of the same
   * text/plain default: github.com/awslabs/aws-lambda-go-api-proxy/issues/116 and
   * github.com/aws-powertools/powertools-lambda-python/issues/2464).
   */
  // AWS: Create AWS Lambda proxy integrations for HTTP APIs in API Gateway, https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
  it('sends text/plain; charset=utf-8 for a structured response that names no content-type', async () => {
    system = await emulators.start();
    // The echo fixture answers a missing item with { statusCode: 404, body: 'no such item' }.
    expect(await get('/items/missing')).toEqual({
      status: 404,
      type: 'text/plain; charset=utf-8',
      body: 'no such item',
    });
    // A type the function names is kept, whatever its case.
    const named = readHttpResponse({ statusCode: 200, headers: { 'Content-Type': 'text/html' } });
    expect(named).toMatchObject({ headers: [['content-type', 'text/html']] });
  });
});
