import type { ApiContext, ApiEvent, ApiResponse } from '#http/types';

/** An API Gateway HTTP API (payload format 2.0) event, as AWS builds it for `routeKey`. */
export function apiEvent(routeKey: string, overrides: Partial<ApiEvent> = {}): ApiEvent {
  const [method = 'GET', path = '/'] = routeKey.split(' ');
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: {
      host: 'abc123.execute-api.eu-west-1.amazonaws.com',
      'user-agent': 'unit-test',
      'content-type': 'application/json',
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'unit-test' },
      requestId: 'req-1',
      routeKey,
      stage: '$default',
      time: '01/Jun/2024:10:00:00 +0000',
      timeEpoch: 1_717_236_000_000,
    },
    isBase64Encoded: false,
    ...overrides,
  };
}

/** A Lambda context with plenty of time left. */
export function lambdaContext(): ApiContext {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'rename-feedback-Submit',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:rename-feedback-Submit',
    memoryLimitInMB: '512',
    awsRequestId: 'aws-req-1',
    logGroupName: '/aws/lambda/rename-feedback-Submit',
    logStreamName: '2024/06/01/[$LATEST]abc',
    getRemainingTimeInMillis: () => 10_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

/** The parts of a response a client reads, with the body parsed. */
export function read(response: ApiResponse) {
  return {
    status: response.statusCode,
    headers: response.headers ?? {},
    body: typeof response.body === 'string' ? (JSON.parse(response.body) as unknown) : undefined,
  };
}
