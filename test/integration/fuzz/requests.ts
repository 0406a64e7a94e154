import fc from 'fast-check';
import type { FuzzOperation, FuzzParameter, JsonSchema } from './api-document';
import { breakValue } from './break-value';
import { hostileString, nested } from './hostile-values';
import { schemaValue } from './schema-values';
import { queryHints, validBodyOf } from './valid-bodies';
import { CREDENTIALS, credentialFor, type FuzzWorld } from './world';

/** A body as it will be sent: JSON, text as is, bytes as is, or JSON padded to a size. */
export type BodySpec =
  | { json: unknown }
  | { text: string }
  | { bytes: number[] }
  | { json: unknown; padTo: number };

/** One generated request; `kind` says what was broken, for the figures. */
export interface FuzzRequest {
  operation: FuzzOperation;
  kind: string;
  detail: string;
  credential: string;
  target: string;
  headers: Record<string, string>;
  body?: BodySpec;
}

interface Parts {
  credential: string;
  pathValues: Record<string, string>;
  query: [string, string][];
  headers: Record<string, string>;
  body?: BodySpec;
}

type Case = { kind: string; detail: string; parts: Parts };

const IDEMPOTENCY_KEYS = ['fz-key-0', 'fz-key-1', 'fz-key-2', 'fz-key-3'];
/** Header values fetch can send: visible ASCII and spaces inside, nothing to trim. */
const sendable = (value: string) => /^[\x21-\x7E]([\x20-\x7E]*[\x21-\x7E])?$/.test(value);

/**
 * Requests for one operation: valid ones, and ones broken at one place (a body field, a
 * path or query parameter, a header, the body's form or size), each with a credential
 * that is right for the operation most of the time and wrong, foreign or broken otherwise.
 */
export function requestsFor(
  operation: FuzzOperation,
  world: FuzzWorld,
  components: Record<string, JsonSchema>,
  literalSegments: ReadonlySet<string>,
): fc.Arbitrary<FuzzRequest> {
  const hints = queryHints(world);
  const valid = validParts(operation, world, components, hints);
  const cases: { arbitrary: fc.Arbitrary<Case>; weight: number }[] = [
    { arbitrary: valid.map((parts) => ({ kind: 'valid', detail: '', parts })), weight: 6 },
    { arbitrary: valid.chain((parts) => brokenHeader(operation, parts)), weight: 2 },
  ];
  if (operation.body) {
    const body = operation.body;
    cases.push(
      { arbitrary: valid.chain((parts) => brokenBody(parts)), weight: 5 },
      { arbitrary: valid.chain((parts) => rawBody(parts)), weight: 1 },
      { arbitrary: valid.chain((parts) => sizedBody(parts, body.maxBytes)), weight: 1 },
    );
  }
  if (operation.pathParameters.length > 0) {
    cases.push({ arbitrary: valid.chain((parts) => brokenPath(operation, parts)), weight: 2 });
  }
  if (operation.queryParameters.length > 0) {
    cases.push({ arbitrary: valid.chain((parts) => brokenQuery(operation, parts)), weight: 3 });
  }
  const credential = fc.oneof(
    { arbitrary: fc.constant(credentialFor(operation.scope)), weight: 8 },
    { arbitrary: fc.constantFrom(...CREDENTIALS), weight: 2 },
  );
  return fc
    .tuple(fc.oneof(...cases), credential)
    .map(([generated, chosen]) => {
      const target = targetOf(operation, generated.parts, literalSegments);
      if (target === undefined) return undefined;
      return {
        operation,
        kind: generated.kind,
        detail: generated.detail,
        credential: generated.kind === 'auth' ? generated.parts.credential : chosen,
        target,
        headers: generated.parts.headers,
        ...(generated.parts.body ? { body: generated.parts.body } : {}),
      };
    })
    .filter((request): request is FuzzRequest => request !== undefined);
}

function validParts(
  operation: FuzzOperation,
  world: FuzzWorld,
  components: Record<string, JsonSchema>,
  hints: Record<string, readonly string[]>,
): fc.Arbitrary<Parts> {
  const pathValues = fc.record(
    Object.fromEntries(
      operation.pathParameters.map((p) => [p.name, pathValueOf(operation, p, world, components)]),
    ),
  );
  const query = fc
    .tuple(
      ...operation.queryParameters.map((p) =>
        p.required
          ? queryValueOf(p, components, hints)
          : // Optional parameters now and then: each one more is one more way to be refused.
            fc.oneof(
              { arbitrary: fc.constant(undefined), weight: 2 },
              { arbitrary: queryValueOf(p, components, hints), weight: 1 },
            ),
      ),
    )
    .map((values) =>
      operation.queryParameters.flatMap((p, i): [string, string][] => {
        const value = values[i];
        return value === undefined ? [] : [[p.name, value]];
      }),
    );
  const bodySchema = operation.body?.schema;
  const handmade = validBodyOf(operation.operationId, world);
  const body: fc.Arbitrary<unknown> = bodySchema
    ? handmade
      ? fc.oneof(
          { arbitrary: handmade, weight: 3 },
          { arbitrary: schemaValue(bodySchema, components), weight: 1 },
        )
      : schemaValue(bodySchema, components)
    : fc.constant(undefined);
  const headers = fc
    .record({
      idempotency: fc.option(fc.constantFrom(...IDEMPOTENCY_KEYS, 'fresh'), { freq: 3 }),
      nonce: fc.stringMatching(/^[A-Za-z0-9]{12}$/),
    })
    .map(({ idempotency, nonce }) => {
      const headers: Record<string, string> = {};
      if (operation.body) headers['content-type'] = 'application/json';
      if (operation.idempotencyKey && idempotency !== null) {
        headers['idempotency-key'] = idempotency === 'fresh' ? `fz-${nonce}` : idempotency;
      }
      return headers;
    });
  return fc.record({ pathValues, query, headers, body }).map(({ body: value, ...rest }) => ({
    credential: credentialFor(operation.scope),
    ...rest,
    ...(bodySchema ? { body: { json: value } } : {}),
  }));
}

function pathValueOf(
  operation: FuzzOperation,
  parameter: FuzzParameter,
  world: FuzzWorld,
  components: Record<string, JsonSchema>,
): fc.Arbitrary<string> {
  const pool =
    parameter.name === 'modelVersion'
      ? world.modelVersions
      : parameter.name === 'userId'
        ? world.userIds
        : operation.path.startsWith('/v1/feedback/')
          ? world.feedbackIds
          : operation.path.startsWith('/v1/learning/jobs/')
            ? world.jobIds
            : world.experimentIds;
  return fc.oneof(
    { arbitrary: fc.constantFrom(...pool), weight: 4 },
    { arbitrary: schemaValue(parameter.schema, components) as fc.Arbitrary<string>, weight: 1 },
  );
}

function queryValueOf(
  parameter: FuzzParameter,
  components: Record<string, JsonSchema>,
  hints: Record<string, readonly string[]>,
): fc.Arbitrary<string> {
  const hinted = hints[parameter.name] ?? [];
  const fromSchema = schemaValue(parameter.schema, components).map(String);
  return hinted.length > 0
    ? fc.oneof(
        { arbitrary: fc.constantFrom(...hinted), weight: 3 },
        { arbitrary: fromSchema, weight: 1 },
      )
    : fromSchema;
}

function brokenBody(parts: Parts): fc.Arbitrary<Case> {
  const value = parts.body && 'json' in parts.body ? parts.body.json : {};
  return breakValue(value).map(({ value: broken, how }) => ({
    kind: 'body field',
    detail: how,
    parts: { ...parts, body: { json: broken } },
  }));
}

/** Bodies that are not the JSON object expected: cut, not JSON, not UTF-8, numbers JSON cannot hold. */
function rawBody(parts: Parts): fc.Arbitrary<Case> {
  const text = JSON.stringify(parts.body && 'json' in parts.body ? parts.body.json : {}) ?? '';
  return fc
    .oneof(
      fc
        .nat({ max: Math.max(0, text.length - 1) })
        .map((cut): [string, BodySpec] => ['cut', { text: text.slice(0, cut) }]),
      fc.constantFrom<[string, BodySpec]>(
        ['empty', { text: '' }],
        ['not JSON', { text: 'proposalId=1&action=approved' }],
        ['a JSON array', { text: '[]' }],
        ['a JSON string', { text: '"x"' }],
        ['null', { text: 'null' }],
        ['a byte-order mark', { text: `\ufeff${text}` }],
        ['1e400', { text: text.replace(/\d+(\.\d+)?(?=[,}\]])/, '1e400') }],
        ['a 40-digit number', { text: text.replace(/\d+(\.\d+)?(?=[,}\]])/, '1'.repeat(40)) }],
        ['invalid UTF-8', { bytes: [0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d] }],
        ['a lone surrogate escape', { text: text.replace(/"([^"]*)"(?=[,}])/, '"\\ud800"') }],
      ),
    )
    .map(([detail, body]) => ({ kind: 'body form', detail, parts: { ...parts, body } }));
}

/** At the byte limit, one byte over it, and nested past the depth limit. */
function sizedBody(parts: Parts, maxBytes: number): fc.Arbitrary<Case> {
  const value = parts.body && 'json' in parts.body ? parts.body.json : {};
  return fc
    .constantFrom<[string, BodySpec]>(
      ['at the byte limit', { json: value, padTo: maxBytes }],
      ['one byte over the limit', { json: value, padTo: maxBytes + 1 }],
      ['25 levels deep', { json: nested(25) }],
      ['2,000 levels deep', { text: `${'['.repeat(2000)}${']'.repeat(2000)}` }],
    )
    .map(([detail, body]) => ({ kind: 'body size', detail, parts: { ...parts, body } }));
}

function brokenPath(operation: FuzzOperation, parts: Parts): fc.Arbitrary<Case> {
  return fc
    .record({
      parameter: fc.constantFrom(...operation.pathParameters.map((p) => p.name)),
      value: fc.oneof(hostileString, fc.constantFrom('x'.repeat(300), '%00', '%E0%A4%A', '%ff')),
    })
    .map(({ parameter, value }) => ({
      kind: 'path parameter',
      detail: parameter,
      parts: { ...parts, pathValues: { ...parts.pathValues, [parameter]: value } },
    }));
}

function brokenQuery(operation: FuzzOperation, parts: Parts): fc.Arbitrary<Case> {
  const names = operation.queryParameters.map((p) => p.name);
  const replace = fc.record({ name: fc.constantFrom(...names), value: hostileString }).map(
    ({ name, value }): Case => ({
      kind: 'query parameter',
      detail: `bad ${name}`,
      parts: { ...parts, query: [...parts.query.filter(([n]) => n !== name), [name, value]] },
    }),
  );
  const required = operation.queryParameters.filter((p) => p.required).map((p) => p.name);
  const drop = fc.constantFrom(...(required.length > 0 ? required : names)).map(
    (name): Case => ({
      kind: 'query parameter',
      detail: `without ${name}`,
      parts: { ...parts, query: parts.query.filter(([n]) => n !== name) },
    }),
  );
  const extra = fc
    .record({
      name: fc.oneof(
        fc.constantFrom('tenantId', '__proto__', 'constructor', ...names),
        fc.string({ maxLength: 20 }),
      ),
      value: fc.oneof(hostileString, fc.constant('1')),
    })
    .map(
      ({ name, value }): Case => ({
        kind: 'query parameter',
        detail: `extra or repeated ${name}`,
        parts: { ...parts, query: [...parts.query, [name, value]] },
      }),
    );
  return fc.oneof(replace, drop, extra);
}

function brokenHeader(operation: FuzzOperation, parts: Parts): fc.Arbitrary<Case> {
  const choices: fc.Arbitrary<Case>[] = [
    fc
      .record({
        name: fc.constantFrom(
          'x-tenant-id',
          'x-forwarded-for',
          'if-match',
          'accept',
          'x-amzn-trace-id',
        ),
        value: fc.oneof(
          fc.string({ maxLength: 80 }),
          fc.constantFrom('1', '"2"', 'W/"1"', '*', 'other'),
        ),
      })
      .map(({ name, value }) => ({
        kind: 'header',
        detail: name,
        parts: { ...parts, headers: { ...parts.headers, [name]: value } },
      })),
    fc.constantFrom(...CREDENTIALS).map((credential) => ({
      kind: 'auth',
      detail: credential,
      parts: { ...parts, credential },
    })),
  ];
  if (operation.body) {
    choices.push(
      fc
        .constantFrom(
          '',
          'text/plain',
          'application/xml',
          'application/json; charset=utf-8',
          'APPLICATION/JSON',
          'application/vnd.api+json',
          'multipart/form-data; boundary=x',
        )
        .map((value) => ({
          kind: 'header',
          detail: `content-type ${value || '(none)'}`,
          parts: { ...parts, headers: { ...parts.headers, 'content-type': value } },
        })),
    );
  }
  if (operation.idempotencyKey) {
    choices.push(
      fc
        .oneof(fc.constantFrom('', ' ', 'a b', 'x'.repeat(256), 'é'), fc.string({ maxLength: 300 }))
        .map((value) => ({
          kind: 'header',
          detail: 'idempotency-key',
          parts: { ...parts, headers: { ...parts.headers, 'idempotency-key': value } },
        })),
    );
  }
  return fc.oneof(...choices).map((generated) => ({
    ...generated,
    parts: {
      ...generated.parts,
      // What fetch cannot send is dropped: the server would never see it either.
      headers: Object.fromEntries(
        Object.entries(generated.parts.headers).filter(([, v]) => v === '' || sendable(v)),
      ),
    },
  }));
}

/**
 * The path and query string, or undefined when a path parameter would not reach the
 * operation: one that is empty, a dot segment (URLs drop them), or the name of a sibling
 * route (`/v1/experiments/sample-size` is another operation).
 */
function targetOf(
  operation: FuzzOperation,
  parts: Parts,
  literalSegments: ReadonlySet<string>,
): string | undefined {
  let path = operation.path;
  for (const [name, value] of Object.entries(parts.pathValues)) {
    if (value === '' || value === '.' || value === '..' || literalSegments.has(value))
      return undefined;
    const encoded = safeEncode(value, true);
    if (encoded === undefined) return undefined;
    path = path.replace(`{${name}}`, encoded);
  }
  const query: string[] = [];
  for (const [name, value] of parts.query) {
    const pair = [safeEncode(name), safeEncode(value)];
    if (pair[0] === undefined || pair[1] === undefined) return undefined;
    query.push(`${pair[0]}=${pair[1]}`);
  }
  return query.length > 0 ? `${path}?${query.join('&')}` : path;
}

/** encodeURIComponent, keeping `%XX` sequences raw when asked (to send broken escapes). */
function safeEncode(text: string, keepEscapes = false): string | undefined {
  try {
    if (keepEscapes && /^%[0-9A-Za-z%]+$/.test(text)) return text;
    return encodeURIComponent(text);
  } catch {
    return undefined;
  }
}
