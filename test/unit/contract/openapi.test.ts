import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildOpenApiDocument,
  formatOpenApiDocument,
  type JsonSchema,
} from '#core/contract/openapi';
import { apiRoutes } from '#core/contract/routes';

const COMMITTED = path.resolve(import.meta.dirname, '../../../openapi.json');
const document = buildOpenApiDocument();
const operations = Object.entries(document.paths).flatMap(([route, byMethod]) =>
  Object.entries(byMethod).map(([method, operation]) => ({
    key: `${method.toUpperCase()} ${route}`,
    route,
    operation,
  })),
);

/** Every `$ref` in the document, with where it is. */
function references(value: unknown, at = '#'): { at: string; ref: string }[] {
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) =>
    key === '$ref' && typeof child === 'string'
      ? [{ at, ref: child }]
      : references(child, `${at}/${key}`),
  );
}

/** Follows a local JSON pointer (`#/components/schemas/Problem`) through the document. */
function resolve(pointer: string): unknown {
  if (!pointer.startsWith('#/')) return undefined;
  let node: unknown = document;
  for (const raw of pointer.slice(2).split('/')) {
    const segment = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, segment)) {
      return undefined;
    }
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

function schema(name: string): JsonSchema {
  const found = document.components.schemas[name];
  if (!found) throw new Error(`No schema ${name}`);
  return found;
}

describe('openapi.json', () => {
  it('is the document the code generates (run `npm run openapi` after changing the API)', () => {
    expect(readFileSync(COMMITTED, 'utf8')).toBe(formatOpenApiDocument(document));
  });

  it('is OpenAPI 3.1 with one operation per route, each with its own id', () => {
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    expect(document.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(operations).toHaveLength(apiRoutes.length);
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('resolves every $ref inside the document', () => {
    const refs = references(document);
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.filter(({ ref }) => resolve(ref) === undefined)).toEqual([]);
  });

  it('gives every operation one success and problem documents for its failures', () => {
    for (const { key, operation } of operations) {
      const statuses = Object.keys(operation.responses);
      expect(
        statuses.filter((status) => /^2\d\d$/.test(status)),
        key,
      ).toHaveLength(1);
      for (const status of statuses.filter((s) => /^[45]\d\d$/.test(s))) {
        expect(operation.responses[status]?.content, `${key} ${status}`).toEqual({
          'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
        });
      }
      expect(statuses, key).toContain('500');
    }
  });

  it('declares each path parameter of a route, and no other', () => {
    for (const { key, route, operation } of operations) {
      const inPath = [...route.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      const declared = (operation.parameters ?? []).flatMap((parameter) =>
        'in' in parameter && parameter.in === 'path' ? [parameter.name] : [],
      );
      expect(declared, key).toEqual(inPath);
    }
  });

  it('asks for a key with the right scope on every route but the public ones', () => {
    const security = Object.fromEntries(operations.map((o) => [o.key, o.operation.security]));
    expect(security).toMatchObject({
      'GET /v1/health': [],
      'GET /v1/openapi.json': [],
      'POST /v1/feedback': [{ bearer: ['user'] }],
      'GET /v1/learning/status': [{ bearer: ['admin'] }],
      'GET /v1/admin/queues': [{ bearer: ['operator'] }],
      'POST /v1/admin/dlq/redrive': [{ bearer: ['operator'] }],
    });
    for (const { key, operation } of operations) {
      const isPublic = operation.security.length === 0;
      expect(Object.keys(operation.responses).includes('401'), key).toBe(!isPublic);
      // Every keyed route refuses some key: operator keys on tenant routes, tenant keys on
      // operator routes.
      expect(Object.keys(operation.responses).includes('403'), key).toBe(!isPublic);
      expect(Object.keys(operation.responses).includes('429'), key).toBe(!isPublic);
    }
  });

  it('takes an Idempotency-Key on both feedback POSTs and nowhere else', () => {
    const withKey = operations
      .filter(({ operation }) =>
        (operation.parameters ?? []).some(
          (p) => '$ref' in p && p.$ref === '#/components/parameters/IdempotencyKey',
        ),
      )
      .map(({ key }) => key);
    expect(withKey.sort()).toEqual(['POST /v1/feedback', 'POST /v1/feedback/batch']);
    expect(document.components.parameters.IdempotencyKey?.schema).toEqual({
      type: 'string',
      pattern: '^[\\x21-\\x7E]{1,255}$',
    });
  });

  it('tells a throttled client when to retry and what its quota is', () => {
    const throttled = document.paths['/v1/metrics']?.get?.responses['429'];
    expect(Object.keys(throttled?.headers ?? {}).sort()).toEqual([
      'RateLimit',
      'RateLimit-Policy',
      'Retry-After',
    ]);
    const unauthenticated = document.paths['/v1/metrics']?.get?.responses['401'];
    expect(Object.keys(unauthenticated?.headers ?? {})).toEqual(['WWW-Authenticate']);
  });

  it('documents a request body as sent: closed, with the rules zod checks in code described', () => {
    const input = schema('FeedbackInput');
    expect(input.additionalProperties).toBe(false);
    const properties = input.properties as Record<string, JsonSchema>;
    expect(properties.originalFilename).toMatchObject({ type: 'string', minLength: 1 });
    expect(properties.originalFilename?.description).toMatch(/255 bytes of UTF-8.*NFC/);
    expect(properties.userFilename?.description).toMatch(/required when action is "modified"/);
    expect(properties.context).toMatchObject({ maxProperties: 50 });
    expect(schema('FeedbackBatch').properties).toMatchObject({
      items: { minItems: 1, maxItems: 500, items: { $ref: '#/components/schemas/FeedbackInput' } },
    });
  });

  it('leaves answers open to fields added later, and shares schemas by $ref', () => {
    expect(schema('MetricsReport')).not.toHaveProperty('additionalProperties');
    expect(schema('Problem').properties).toMatchObject({
      errors: { type: 'array', items: { $ref: '#/components/schemas/FieldError' } },
    });
    expect(JSON.stringify(document.components.schemas)).not.toMatch(/"\$(schema|id)"/);
  });
});
