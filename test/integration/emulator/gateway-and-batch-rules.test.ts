import { describe, expect, it } from 'vitest';
import { readHttpResponse } from '../../../local/emulator/http-event';
import { RouteTable } from '../../../local/emulator/http-routes';
import { readBatchResponse } from '../../../local/emulator/sqs-event';

const routes = new RouteTable(
  [
    'GET /pets/dog/1',
    'GET /pets/dog/{id}',
    'GET /pets/{proxy+}',
    'ANY /{proxy+}',
    'POST /pets',
    'ANY /pets',
    '$default',
  ].map((routeKey) => ({ routeKey, target: routeKey })),
);

describe('route matching', () => {
  // AWS: Create routes for HTTP APIs in API Gateway, https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html
  it('picks the most specific route, as the API Gateway documentation shows', () => {
    const cases: [string, string, string][] = [
      ['GET', '/pets/dog/1', 'GET /pets/dog/1'],
      ['GET', '/pets/dog/2', 'GET /pets/dog/{id}'],
      ['GET', '/pets/cat/1', 'GET /pets/{proxy+}'],
      ['POST', '/pets/dog/1', 'ANY /{proxy+}'],
      ['POST', '/pets', 'POST /pets'],
      ['GET', '/pets', 'ANY /pets'],
      ['GET', '/', '$default'],
    ];
    for (const [method, path, routeKey] of cases) {
      expect([method, path, routes.match(method, path)?.routeKey]).toEqual([
        method,
        path,
        routeKey,
      ]);
    }
  });

  // AWS: Create routes for HTTP APIs in API Gateway, https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html
  it('gives path parameters, decoded, and none for routes without variables', () => {
    expect(routes.match('GET', '/pets/dog/a%20b')?.pathParameters).toEqual({ id: 'a b' });
    expect(routes.match('GET', '/pets/cat/x/y')?.pathParameters).toEqual({ proxy: 'cat/x/y' });
    expect(routes.match('POST', '/pets')).not.toHaveProperty('pathParameters');
  });

  // AWS: Create routes for HTTP APIs in API Gateway, https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html
  it('finds nothing without a $default route', () => {
    const table = new RouteTable([{ routeKey: 'GET /a/{id}', target: 1 }]);
    expect(table.match('GET', '/a')).toBeUndefined();
    expect(table.match('GET', '/a/')).toBeUndefined();
    expect(table.match('GET', '/a/b/c')).toBeUndefined();
  });
});

describe('reading a batch response (ReportBatchItemFailures)', () => {
  const ids = ['m1', 'm2', 'm3'];
  // AWS: Handling errors for an SQS event source in Lambda, https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
  it('counts nothing, an empty object and an empty or null list as complete success', () => {
    for (const payload of [
      null,
      undefined,
      {},
      { batchItemFailures: [] },
      { batchItemFailures: null },
    ]) {
      expect(readBatchResponse(payload, ids)).toEqual({ failed: new Set() });
    }
  });

  // AWS: Handling errors for an SQS event source in Lambda, https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
  it('fails the listed messages only', () => {
    const verdict = readBatchResponse({ batchItemFailures: [{ itemIdentifier: 'm2' }] }, ids);
    expect(verdict).toEqual({ failed: new Set(['m2']) });
  });

  // AWS: Handling errors for an SQS event source in Lambda, https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
  it('fails the whole batch for anything malformed', () => {
    const malformed: unknown[] = [
      { batchItemFailures: [{ itemIdentifier: '' }] },
      { batchItemFailures: [{ itemIdentifier: null }] },
      { batchItemFailures: [{ itemIdentifier: 2 }] },
      { batchItemFailures: [{ id: 'm1' }] },
      { batchItemFailures: [{ itemIdentifier: 'm9' }] },
      { batchItemFailures: 'm1' },
      { batchItemFailures: { itemIdentifier: 'm1' } },
      'm1',
      42,
    ];
    for (const payload of malformed) {
      expect(readBatchResponse(payload, ids)).toHaveProperty('malformed');
    }
  });
});

describe('reading an HTTP function response (payload format 2.0)', () => {
  // AWS: Create AWS Lambda proxy integrations for HTTP APIs in API Gateway, https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
  it('takes status, headers, cookies and a base64 body from a structured response', () => {
    const answer = readHttpResponse({
      statusCode: 201,
      headers: { 'X-Count': 3 },
      cookies: ['a=1', 'b=2'],
      body: Buffer.from('hi').toString('base64'),
      isBase64Encoded: true,
    });
    expect(answer).toEqual({
      statusCode: 201,
      headers: [
        ['x-count', '3'],
        ['set-cookie', 'a=1'],
        ['set-cookie', 'b=2'],
        // Added for a response that names no type (see http-gateway-answers.test.ts).
        ['content-type', 'text/plain; charset=utf-8'],
      ],
      body: Buffer.from('hi'),
    });
  });

  // AWS: Create AWS Lambda proxy integrations for HTTP APIs in API Gateway, https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
  it('infers 200 application/json from anything without statusCode', () => {
    expect(readHttpResponse([1, 2])).toMatchObject({ statusCode: 200, body: Buffer.from('[1,2]') });
    expect(readHttpResponse(null)).toMatchObject({ statusCode: 200, body: Buffer.from('null') });
  });

  // AWS: Create AWS Lambda proxy integrations for HTTP APIs in API Gateway, https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
  it('refuses what API Gateway refuses', () => {
    for (const payload of [
      { statusCode: '200' },
      { statusCode: 99 },
      { statusCode: 200, body: { not: 'a string' } },
      { statusCode: 200, headers: { a: { b: 1 } } },
      { statusCode: 200, cookies: 'a=1' },
    ]) {
      expect(readHttpResponse(payload)).toHaveProperty('malformed');
    }
  });
});
