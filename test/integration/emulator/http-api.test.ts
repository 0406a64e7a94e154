import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
// The payload format 2.0 example of the API Gateway developer guide, verbatim:
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
import sample from '../../fixtures/emulator/apigw-v2-sample-event.json';
import { type FixtureEmulator, useFixtureEmulators } from './fixture-emulator';

const emulators = useFixtureEmulators();
let system: FixtureEmulator;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A request with repeated header lines, which fetch would merge into one. */
function rawRequest(
  url: string,
  method: string,
  rawHeaders: [string, string][],
  body?: string | Buffer,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // Given as raw pairs, the headers go out as they are: Host included.
    const headers = [['Host', new URL(url).host], ...rawHeaders].flat();
    const outgoing = request(url, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks),
        }),
      );
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** `headers.*: string`-style paths of a JSON value; maps of names are one `*` entry. */
function fieldPaths(value: unknown, prefix = '', maps = new Set<string>()): Map<string, string> {
  const out = new Map<string, string>();
  if (Array.isArray(value)) {
    out.set(prefix, 'array');
    for (const item of value) {
      for (const [path, type] of fieldPaths(item, `${prefix}[]`, maps)) out.set(path, type);
    }
  } else if (typeof value === 'object' && value !== null) {
    out.set(prefix, 'object');
    for (const [key, item] of Object.entries(value)) {
      const path = `${prefix}${prefix ? '.' : ''}${maps.has(prefix) ? '*' : key}`;
      for (const [inner, type] of fieldPaths(item, path, maps)) out.set(inner, type);
    }
  } else {
    out.set(prefix, typeof value);
  }
  return out;
}

const NAME_MAPS = new Set(['headers', 'queryStringParameters', 'pathParameters', 'stageVariables']);

/**
 * Present in the AWS sample only because it was made with features this request does not
 * use: mutual TLS (authentication), an authorizer, stage variables. AWS leaves them out
 * otherwise, and so does the emulator.
 */
const FEATURE_FIELDS = [
  'requestContext.authentication',
  'requestContext.authorizer',
  'stageVariables',
];

async function echo(path: string, rawHeaders: [string, string][], body?: string) {
  const answer = await rawRequest(`${system.emulator.url}${path}`, 'POST', rawHeaders, body);
  expect(answer.status).toBe(200);
  return JSON.parse(answer.body.toString()) as {
    event: Record<string, unknown> & { isBase64Encoded: boolean; body?: string };
    env: Record<string, string>;
    context: Record<string, unknown>;
  };
}

describe('the HTTP API', () => {
  // AWS: Create AWS Lambda proxy integrations for HTTP APIs in API Gateway, https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
  it('builds the same v2 event as the AWS sample, field for field and type for type', async () => {
    system = await emulators.start();
    const { event } = await echo(
      '/echo/my/path?parameter1=value1&parameter1=value2&parameter2=value',
      [
        ['Header1', 'value1'],
        ['Header2', 'value1'],
        ['Header2', 'value2'],
        ['Cookie', 'cookie1=a; cookie2=b'],
        ['Content-Type', 'application/json'],
        ['User-Agent', 'agent'],
      ],
      JSON.stringify({ hello: 'from a client' }),
    );

    const expected = fieldPaths(sample, '', NAME_MAPS);
    for (const path of [...expected.keys()]) {
      if (FEATURE_FIELDS.some((f) => path === f || path.startsWith(`${f}.`))) expected.delete(path);
    }
    expect(Object.fromEntries(fieldPaths(event, '', NAME_MAPS))).toEqual(
      Object.fromEntries(expected),
    );
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /echo/{proxy+}',
      rawPath: '/echo/my/path',
      rawQueryString: 'parameter1=value1&parameter1=value2&parameter2=value',
      cookies: ['cookie1=a', 'cookie2=b'],
      headers: { header1: 'value1', header2: 'value1,value2', 'user-agent': 'agent' },
      queryStringParameters: { parameter1: 'value1,value2', parameter2: 'value' },
      pathParameters: { proxy: 'my/path' },
      body: '{"hello":"from a client"}',
      isBase64Encoded: false,
      requestContext: {
        accountId: '000000000000',
        stage: '$default',
        routeKey: 'POST /echo/{proxy+}',
        http: { method: 'POST', path: '/echo/my/path', protocol: 'HTTP/1.1', userAgent: 'agent' },
      },
    });
    expect(event.headers).not.toHaveProperty('cookie');
    expect(event.requestContext).toMatchObject({
      time: expect.stringMatching(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/),
    });
  });

  // AWS: Create AWS Lambda proxy integrations for HTTP APIs in API Gateway, https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
  it('leaves out what a request does not have: cookies, query, path parameters, body', async () => {
    system = await emulators.start();
    const { event } = await echo('/echo/x', [['Content-Type', 'application/json']]);
    for (const field of ['cookies', 'queryStringParameters', 'body', 'stageVariables']) {
      expect(event).not.toHaveProperty(field);
    }
    expect(event).toMatchObject({ rawQueryString: '', isBase64Encoded: false });
  });

  // AWS: Create AWS Lambda proxy integrations for HTTP APIs in API Gateway, https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
  it('base64-encodes request bodies that HTTP APIs do not treat as text', async () => {
    system = await emulators.start();
    const cases: [string, boolean][] = [
      ['application/json; charset=utf-8', false],
      ['text/plain', false],
      ['application/xml', false],
      ['application/octet-stream', true],
      ['application/x-www-form-urlencoded', true],
      ['image/png', true],
    ];
    for (const [contentType, encoded] of cases) {
      const { event } = await echo('/echo/body', [['Content-Type', contentType]], 'a=1&b=2');
      expect({ contentType, isBase64Encoded: event.isBase64Encoded }).toEqual({
        contentType,
        isBase64Encoded: encoded,
      });
      const body = event.body ?? '';
      expect(encoded ? Buffer.from(body, 'base64').toString() : body).toBe('a=1&b=2');
    }
  });

  // AWS: Create AWS Lambda proxy integrations for HTTP APIs in API Gateway, https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
  it('answers a round trip through a function that stores in and reads from its table', async () => {
    system = await emulators.start();
    const put = await fetch(`${system.emulator.url}/items/k-1`, { method: 'PUT', body: '{"n":1}' });
    expect(put.status).toBe(204);
    const got = await fetch(`${system.emulator.url}/items/k-1`);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('application/json');
    expect(got.headers.get('apigw-requestid')).toMatch(/^[A-Za-z0-9+/]{15}=$/);
    expect(await got.json()).toEqual({ n: 1 });
    const missing = await fetch(`${system.emulator.url}/items/k-2`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('no such item');
  });

  // AWS: Create AWS Lambda proxy integrations for HTTP APIs in API Gateway, https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
  it('maps headers, cookies and status of a function response back to the client', async () => {
    system = await emulators.start();
    const answer = await rawRequest(`${system.emulator.url}/echo/a`, 'GET', []);
    expect(answer.status).toBe(200);
    expect(answer.headers['x-echo']).toBe('yes');
    expect(answer.headers['set-cookie']).toEqual(['session=abc; Path=/', 'theme=dark']);
  });

  // AWS: Create AWS Lambda proxy integrations for HTTP APIs in API Gateway, https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
  it('infers a 200 JSON answer from a result without statusCode, as AWS documents', async () => {
    system = await emulators.start();
    const object = await fetch(`${system.emulator.url}/shaped/object`);
    expect([object.status, object.headers.get('content-type')]).toEqual([200, 'application/json']);
    expect(await object.json()).toEqual({ hello: 'world' });
    const text = await fetch(`${system.emulator.url}/shaped/string`);
    expect([text.status, await text.text()]).toEqual([200, 'plain words']);
    const binary = await fetch(`${system.emulator.url}/shaped/binary`);
    expect([...new Uint8Array(await binary.arrayBuffer())]).toEqual([0, 1, 2, 255]);
  });

  // AWS: Create AWS Lambda proxy integrations for HTTP APIs in API Gateway, https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
  // AWS: Create routes for HTTP APIs in API Gateway, https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html
  it('answers 500 for a malformed response or a function error, and 404 off the routes', async () => {
    system = await emulators.start();
    for (const path of ['/shaped/malformed', '/shaped/unknown']) {
      const answer = await fetch(`${system.emulator.url}${path}`);
      expect([answer.status, await answer.json()]).toEqual([
        500,
        { message: 'Internal Server Error' },
      ]);
    }
    const lost = await fetch(`${system.emulator.url}/nowhere`);
    expect([lost.status, await lost.json()]).toEqual([404, { message: 'Not Found' }]);
    const wrongMethod = await fetch(`${system.emulator.url}/sleep`, { method: 'DELETE' });
    expect(wrongMethod.status).toBe(404);
  });

  // AWS: Create routes for HTTP APIs in API Gateway, https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html
  it('prefers a literal route over a path parameter', async () => {
    system = await emulators.start();
    const special = await fetch(`${system.emulator.url}/items/special`);
    expect(((await special.json()) as { event: { routeKey: string } }).event.routeKey).toBe(
      'GET /items/special',
    );
  });

  // AWS: Working with Lambda environment variables, https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html
  // AWS: Using the Lambda context object to retrieve Node.js function information, https://docs.aws.amazon.com/lambda/latest/dg/nodejs-context.html
  it("gives a function its template's environment, resolved, under the caller's variables", async () => {
    system = await emulators.start({
      environment: { OVERRIDDEN: 'caller', EXTRA: 'extra' },
    });
    const { env, context } = await echo('/echo/env', []);
    const [queueId] = Object.keys(system.emulator.queues).filter((id) =>
      id.startsWith('WorkQueue'),
    );
    const queue = system.emulator.queues[queueId ?? ''];
    expect(env).toMatchObject({
      QUEUE_URL: system.emulator.queueUrl('WorkQueue'),
      QUEUE_ARN: queue?.arn,
      QUEUE_NAME: queue?.name,
      REGION_AND_ACCOUNT: 'us-east-1/000000000000/aws',
      QUEUE_URL_ACCOUNT: '000000000000',
      FROM_TEMPLATE: 'template',
      OVERRIDDEN: 'caller',
      EXTRA: 'extra',
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_SQS: system.emulator.sqsEndpoint,
      AWS_ENDPOINT_URL_DYNAMODB: system.emulator.dynamodbEndpoint,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      _HANDLER: 'index.handler',
      TZ: ':UTC',
    });
    expect(env.TABLE_NAME).toMatch(/^emulator-fixture-Items[0-9A-F]{8}-[A-Z0-9]{12}$/);
    expect(context).toMatchObject({
      functionName: env.AWS_LAMBDA_FUNCTION_NAME,
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${env.AWS_LAMBDA_FUNCTION_NAME}`,
      memoryLimitInMB: '256',
      awsRequestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      logGroupName: `/aws/lambda/${env.AWS_LAMBDA_FUNCTION_NAME}`,
      logStreamName: expect.stringMatching(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/),
      callbackWaitsForEmptyEventLoop: true,
    });
    expect(context.remainingTimeInMillis).toBeGreaterThan(4000);
    expect(context.remainingTimeInMillis).toBeLessThanOrEqual(5000);
  });
  // AWS: Visualize Lambda function invocations using AWS X-Ray, https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html
  // AWS: Working with Lambda environment variables, https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html
  it('gives every invocation a trace header of its own, and the daemon address, as Lambda does', async () => {
    system = await emulators.start();
    const first = (await echo('/echo/env', [])).env;
    const second = (await echo('/echo/env', [])).env;
    const header = /^Root=(1-[0-9a-f]{8}-[0-9a-f]{24});Parent=[0-9a-f]{16};Sampled=0$/;
    // Sampled=0: the fixture's functions have no TracingConfig (PassThrough).
    expect(first._X_AMZN_TRACE_ID).toMatch(header);
    expect(second._X_AMZN_TRACE_ID).toMatch(header);
    expect(second._X_AMZN_TRACE_ID).not.toBe(first._X_AMZN_TRACE_ID);
    expect(first).toMatchObject({
      AWS_XRAY_DAEMON_ADDRESS: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
      AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
    });
    const traceIds = system.emulator.traces().map((trace) => trace.traceId);
    for (const env of [first, second]) {
      expect(traceIds).toContain(header.exec(env._X_AMZN_TRACE_ID ?? '')?.[1]);
    }
  });
});
