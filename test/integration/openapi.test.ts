import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApiDocument, responseSchemas } from '#core/contract/openapi';
import { type ApiAnswer, call, feedback } from './support/client';
import { startSystem, type TestSystem } from './support/system';

let system: TestSystem;

beforeAll(async () => {
  system = await startSystem('openapi');
});
afterAll(async () => {
  await system?.stop();
});

const document = buildOpenApiDocument();
/** The response headers the document describes; security headers go on every answer. */
const DOCUMENTED_HEADERS = ['RateLimit', 'RateLimit-Policy', 'Retry-After', 'WWW-Authenticate'];

/**
 * Checks an answer against what the document says of its operation: a documented status,
 * its media type and headers, and a body its schema parses without losing a field (so no
 * undocumented fields).
 */
function expectDocumented(method: string, route: string, answer: ApiAnswer<unknown>) {
  const operation = document.paths[route]?.[method.toLowerCase()];
  if (!operation) throw new Error(`${method} ${route} is not documented`);
  const response = operation.responses[String(answer.status)];
  expect(response, `${method} ${route} answered an undocumented ${answer.status}`).toBeDefined();
  const [mediaType, content] = Object.entries(response?.content ?? {})[0] ?? [];
  expect(answer.headers.get('content-type')).toBe(mediaType);
  const sent = DOCUMENTED_HEADERS.filter((header) => answer.headers.has(header));
  expect(sent, `${method} ${route} ${answer.status}`).toEqual(
    DOCUMENTED_HEADERS.filter((header) => header in (response?.headers ?? {})),
  );
  const name = String(content?.schema.$ref).replace('#/components/schemas/', '');
  const schema = responseSchemas[name];
  if (!schema) throw new Error(`No schema ${name}`);
  const parsed = schema.safeParse(answer.body);
  expect(parsed.error, `${method} ${route} ${answer.status}`).toBeUndefined();
  expect(parsed.data).toEqual(answer.body);
}

describe('GET /v1/openapi.json', () => {
  it('serves the generated document to anyone, without a key', async () => {
    const answer = await call(system.url, 'GET', '/v1/openapi.json');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json');
    expect(answer.body).toEqual(JSON.parse(JSON.stringify(document)));
  });
});

describe('the answers of the running system', () => {
  it('are what the document says, for each route and outcome', async () => {
    const { userKey, adminKey, operatorKey } = system;
    const submitted = await call(system.url, 'POST', '/v1/feedback', {
      key: userKey,
      body: feedback({ action: 'modified', userFilename: 'beach.jpg', context: { album: 'x' } }),
    });
    expectDocumented('POST', '/v1/feedback', submitted);
    expect(submitted.status).toBe(202);
    const id = String((submitted.body as { id: unknown }).id);

    const batch = await call(system.url, 'POST', '/v1/feedback/batch', {
      key: userKey,
      body: { items: [feedback(), feedback({ confidence: 2 })] },
    });
    expectDocumented('POST', '/v1/feedback/batch', batch);
    expect(batch.body).toMatchObject({ accepted: 1, rejected: 1 });

    await system.emulator.drain();
    const cases: [method: string, route: string, path: string, key?: string][] = [
      ['GET', '/v1/health', '/v1/health'],
      ['GET', '/v1/metrics', '/v1/metrics', userKey],
      ['GET', '/v1/metrics', '/v1/metrics?from=yesterday', userKey],
      ['GET', '/v1/metrics', '/v1/metrics'],
      ['GET', '/v1/feedback/{id}', `/v1/feedback/${id}`, userKey],
      ['GET', '/v1/feedback/{id}', '/v1/feedback/00000000-0000-4000-8000-000000000000', userKey],
      ['GET', '/v1/admin/queues', '/v1/admin/queues', userKey],
      ['GET', '/v1/admin/queues', '/v1/admin/queues', adminKey],
      ['GET', '/v1/admin/queues', '/v1/admin/queues', operatorKey],
      ['POST', '/v1/admin/dlq/redrive', '/v1/admin/dlq/redrive', operatorKey],
      ['GET', '/v1/learning/status', '/v1/learning/status', adminKey],
      ['GET', '/v1/learning/status', '/v1/learning/status', operatorKey],
    ];
    const statuses: string[] = [];
    for (const [method, route, path, key] of cases) {
      const answer = await call(system.url, method, path, { key });
      expectDocumented(method, route, answer);
      statuses.push(`${method} ${path.replace(id, '{id}')}: ${answer.status}`);
    }
    expect(statuses).toEqual([
      'GET /v1/health: 200',
      'GET /v1/metrics: 200',
      'GET /v1/metrics?from=yesterday: 422',
      'GET /v1/metrics: 401',
      'GET /v1/feedback/{id}: 200',
      'GET /v1/feedback/00000000-0000-4000-8000-000000000000: 404',
      'GET /v1/admin/queues: 403',
      'GET /v1/admin/queues: 403',
      'GET /v1/admin/queues: 200',
      'POST /v1/admin/dlq/redrive: 202',
      'GET /v1/learning/status: 200',
      'GET /v1/learning/status: 403',
    ]);
  });
});
