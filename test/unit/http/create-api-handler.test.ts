import { afterEach, describe, expect, it, vi } from 'vitest';
import { DependencyUnavailableError, ValidationError } from '#core/errors';
import { createApiHandler } from '#http/create-api-handler';
import type { ApiEvent, RouteInput, Routes } from '#http/types';
import { apiEvent, lambdaContext, read } from '../support/api-gateway';

const SECURITY_HEADERS = {
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

const seen: RouteInput[] = [];
const echo = async (input: RouteInput) => {
  seen.push(input);
  return { status: 202, body: { received: input.body, query: input.query } };
};

const routes: Routes = {
  'GET /v1/health': { scope: 'public', handle: async () => ({ status: 200, body: { ok: true } }) },
  'POST /v1/echo': { scope: 'public', maxBodyBytes: 64, handle: echo },
  'POST /v1/invalid': {
    scope: 'public',
    handle: async () => {
      throw new ValidationError('The feedback is invalid', {
        errors: [{ path: 'confidence', rule: 'maximum', message: 'Too big' }],
      });
    },
  },
  'GET /v1/broken': {
    scope: 'public',
    handle: async () => {
      throw new Error('connect ECONNREFUSED 10.0.3.17:5432 password=hunter2');
    },
  },
  'GET /v1/lines': {
    scope: 'public',
    handle: async () => ({
      status: 200,
      raw: { contentType: 'application/x-ndjson', body: '{"a":1}\n{"a":2}\n' },
      headers: { 'X-Next-Cursor': 'abc' },
    }),
  },
  'GET /v1/unavailable': {
    scope: 'public',
    handle: async () => {
      throw new DependencyUnavailableError('PostgreSQL cannot be reached');
    },
  },
};

const handler = createApiHandler(routes);
const invoke = async (event: ApiEvent) => read(await handler(event, lambdaContext()));

const post = (body: string, overrides: Partial<ApiEvent> = {}) =>
  apiEvent('POST /v1/echo', { body, ...overrides });

afterEach(() => {
  seen.length = 0;
  vi.restoreAllMocks();
});

describe('createApiHandler', () => {
  it('answers a route with its JSON body and the security headers', async () => {
    const response = await invoke(apiEvent('GET /v1/health'));

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ok: true });
    expect(response.headers).toMatchObject({
      ...SECURITY_HEADERS,
      'content-type': 'application/json',
    });
  });

  it('sends a raw body as is, with the content type and headers the route gives', async () => {
    const response = await handler(apiEvent('GET /v1/lines'), lambdaContext());
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('{"a":1}\n{"a":2}\n');
    expect(response.headers).toMatchObject({
      ...SECURITY_HEADERS,
      'content-type': 'application/x-ndjson',
      'X-Next-Cursor': 'abc',
    });
  });

  it('passes the query string to the route', async () => {
    const response = await invoke(
      post('{}', { rawQueryString: 'a=1', queryStringParameters: { a: '1' } }),
    );
    expect(response.body).toMatchObject({ query: { a: '1' } });
  });

  it('answers a ValidationError as 422 problem+json with the field errors', async () => {
    const response = await invoke(apiEvent('POST /v1/invalid'));

    expect(response.status).toBe(422);
    expect(response.headers).toMatchObject({
      ...SECURITY_HEADERS,
      'content-type': 'application/problem+json',
    });
    expect(response.body).toEqual({
      type: 'about:blank',
      title: 'Unprocessable Content',
      status: 422,
      detail: 'The feedback is invalid',
      instance: '/v1/invalid',
      errors: [{ path: 'confidence', rule: 'maximum', message: 'Too big' }],
      omittedErrors: 0,
    });
  });

  it('answers an unexpected error with a plain 500 that reveals nothing of it', async () => {
    const logged = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);

    const response = await invoke(apiEvent('GET /v1/broken'));

    expect(response.status).toBe(500);
    expect(response.headers).toMatchObject({
      ...SECURITY_HEADERS,
      'content-type': 'application/problem+json',
    });
    expect(response.body).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'The request failed; it has been logged',
      instance: '/v1/broken',
    });
    const text = JSON.stringify(response);
    expect(text).not.toMatch(/ECONNREFUSED|hunter2|5432|create-api-handler|at /);
    // It has been logged, as the client is told: with the message, for the operator.
    expect(logged.mock.calls.map(([chunk]) => String(chunk)).join('')).toContain('ECONNREFUSED');
  });

  it('asks the client to retry later when a dependency is unavailable', async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);

    const response = await invoke(apiEvent('GET /v1/unavailable'));

    expect(response.status).toBe(503);
    expect(response.headers).toMatchObject({ ...SECURITY_HEADERS, 'retry-after': '5' });
  });

  it('answers an unknown route key with 404 problem+json', async () => {
    const response = await invoke(apiEvent('DELETE /v1/feedback'));

    expect(response.status).toBe(404);
    expect(response.headers).toMatchObject({
      ...SECURITY_HEADERS,
      'content-type': 'application/problem+json',
    });
    expect(response.body).toMatchObject({ status: 404, instance: '/v1/feedback' });
  });
});

describe('JSON body', () => {
  it('hands the parsed body to the route', async () => {
    const response = await invoke(post('{"proposalId":"p-1"}'));

    expect(response.status).toBe(202);
    expect(seen[0]?.body).toEqual({ proposalId: 'p-1' });
  });

  it.each(['application/json; charset=utf-8', 'application/problem+json', 'Application/JSON'])(
    'accepts content type %s',
    async (contentType) => {
      const event = post('{}');
      const response = await invoke({
        ...event,
        headers: { ...event.headers, 'content-type': contentType },
      });
      expect(response.status).toBe(202);
    },
  );

  it.each([['text/plain'], ['application/jsonx'], ['multipart/form-data; boundary=x']])(
    'refuses content type %s with 415 without calling the route',
    async (contentType) => {
      const event = post('{}');
      const response = await invoke({
        ...event,
        headers: { ...event.headers, 'content-type': contentType },
      });

      expect(response.status).toBe(415);
      expect(response.headers).toMatchObject(SECURITY_HEADERS);
      expect(seen).toEqual([]);
    },
  );

  it('refuses a body with no content type with 415', async () => {
    const { 'content-type': _omitted, ...headers } = post('{}').headers;
    const response = await invoke({ ...post('{}'), headers });
    expect(response.status).toBe(415);
  });

  it('accepts a body of exactly maxBodyBytes and refuses one byte more with 413', async () => {
    const fits = JSON.stringify({ n: 'x'.repeat(64 - 8) });
    expect(Buffer.byteLength(fits)).toBe(64);

    expect((await invoke(post(fits))).status).toBe(202);
    const tooLarge = await invoke(post(JSON.stringify({ n: 'x'.repeat(64 - 7) })));
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers).toMatchObject({ 'content-type': 'application/problem+json' });
  });

  it('counts the limit in bytes, not characters', async () => {
    // 20 characters of 日 are 60 bytes: 68 with the JSON around them.
    const response = await invoke(post(JSON.stringify({ n: '日'.repeat(20) })));
    expect(response.status).toBe(413);
  });

  it.each(['{"proposalId":', '', 'undefined'])('refuses invalid JSON %j with 400', async (body) => {
    const response = await invoke(post(body));

    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      status: 400,
      errors: [{ path: '(body)', rule: 'json' }],
    });
    expect(seen).toEqual([]);
  });

  it('decodes a base64-encoded body', async () => {
    const body = Buffer.from('{"name":"café.jpg"}', 'utf8').toString('base64');

    const response = await invoke(post(body, { isBase64Encoded: true }));

    expect(response.status).toBe(202);
    expect(seen[0]?.body).toEqual({ name: 'café.jpg' });
  });

  it('measures a base64 body by its decoded size', async () => {
    const decoded = JSON.stringify({ n: 'x'.repeat(64 - 8) });
    const body = Buffer.from(decoded).toString('base64');
    expect(body.length).toBeGreaterThan(64);

    expect((await invoke(post(body, { isBase64Encoded: true }))).status).toBe(202);
  });
});
