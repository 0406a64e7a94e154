import { readFileSync } from 'node:fs';
import path from 'node:path';
import { apiRoutes } from '../../../functions/core/contract/routes';

/** A JSON Schema as the document holds it (OpenAPI 3.1: JSON Schema 2020-12). */
export type JsonSchema = Record<string, unknown>;

export interface FuzzParameter {
  name: string;
  required: boolean;
  schema: JsonSchema;
}

export interface DeclaredResponse {
  /** Empty for an answer without content (a 204). */
  mediaType: string;
  /** The component the body conforms to, e.g. `Problem`; none without content. */
  schemaName?: string;
}

/** One operation of the document, with what the fuzzer needs to call it. */
export interface FuzzOperation {
  operationId: string;
  method: string;
  /** As the document spells it, `{name}` for a path parameter. */
  path: string;
  /** The scope the operation's security names, or `public`. */
  scope: string;
  pathParameters: FuzzParameter[];
  queryParameters: FuzzParameter[];
  idempotencyKey: boolean;
  /** The body schema, and the byte limit the route registry gives it (not in the document). */
  body?: { schema: JsonSchema; maxBytes: number };
  responses: Map<number, DeclaredResponse>;
}

export interface ApiDocument {
  raw: { components: { schemas: Record<string, JsonSchema> } } & Record<string, unknown>;
  operations: FuzzOperation[];
}

interface RawOperation {
  operationId: string;
  security: Record<string, string[]>[];
  parameters?: (
    | { $ref: string }
    | { name: string; in: string; required: boolean; schema: JsonSchema }
  )[];
  requestBody?: { content: Record<string, { schema: { $ref: string } }> };
  responses: Record<string, { content?: Record<string, { schema: { $ref: string } }> }>;
}

const COMMITTED = path.resolve(import.meta.dirname, '../../../openapi.json');

/** The committed `openapi.json` (a unit test holds it equal to the code), read once. */
export function loadApiDocument(): ApiDocument {
  const raw = JSON.parse(readFileSync(COMMITTED, 'utf8')) as ApiDocument['raw'] & {
    paths: Record<string, Record<string, RawOperation>>;
  };
  const operations: FuzzOperation[] = [];
  for (const [template, methods] of Object.entries(raw.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      operations.push(toFuzzOperation(template, method.toUpperCase(), operation));
    }
  }
  return { raw, operations };
}

/** The component a `$ref` names: `#/components/schemas/Problem` is `Problem`. */
export function componentName(ref: string): string {
  return ref.replace('#/components/schemas/', '');
}

function toFuzzOperation(template: string, method: string, raw: RawOperation): FuzzOperation {
  const parameters = (raw.parameters ?? []).flatMap((p) => ('$ref' in p ? [] : [p]));
  const route = apiRoutes.find((r) => r.operationId === raw.operationId);
  if (!route) throw new Error(`${raw.operationId} is in openapi.json but not in the routes`);
  const bodyRef = raw.requestBody?.content['application/json']?.schema.$ref;
  const responses = new Map<number, DeclaredResponse>();
  for (const [status, response] of Object.entries(raw.responses)) {
    const [mediaType, content] = Object.entries(response.content ?? {})[0] ?? [];
    if (status === '204') {
      responses.set(204, { mediaType: '' });
      continue;
    }
    if (!mediaType || !content) throw new Error(`${raw.operationId} ${status} has no content`);
    responses.set(Number(status), { mediaType, schemaName: componentName(content.schema.$ref) });
  }
  return {
    operationId: raw.operationId,
    method,
    path: template,
    scope: raw.security[0]?.bearer?.[0] ?? 'public',
    pathParameters: parameters.filter((p) => p.in === 'path'),
    queryParameters: parameters.filter((p) => p.in === 'query'),
    idempotencyKey: (raw.parameters ?? []).some(
      (p) => '$ref' in p && p.$ref.endsWith('/IdempotencyKey'),
    ),
    ...(bodyRef && route.body
      ? { body: { schema: { $ref: bodyRef }, maxBytes: route.body.maxBytes } }
      : {}),
    responses,
  };
}
