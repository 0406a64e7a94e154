import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { ApiDocument, FuzzOperation } from './api-document';

/** What came back, as the fuzzer read it. */
export interface Answer {
  status: number;
  contentType: string;
  headers: Headers;
  text: string;
  bytes: number;
}

export const MAX_ANSWER_BYTES = 1024 * 1024;

/**
 * Internals that must never reach a client: stack frames, source paths, SQL and what
 * PostgreSQL or Node say when something breaks. Matched against what the service wrote
 * itself, never against text it echoes from the request.
 */
const LEAKS: readonly RegExp[] = [
  /\n\s+at |\bat [\w$.<>]+ \([^)]*:\d+:\d+\)/,
  /node_modules|\/functions\/|\/local\/|\.[cm]?[jt]s:\d+/,
  /\b(?:SELECT|INSERT|UPDATE|DELETE)\b[^.]*\b(?:FROM|INTO|SET|WHERE)\b/i,
  /syntax error at or near|violates .*constraint|duplicate key value|relation "|invalid input syntax|out of range|SQLSTATE/i,
  /ECONN\w+|Maximum call stack|postgres(?:ql)?:\/\/|password/i,
];

/**
 * Checks answers against the document with Ajv (a maintained JSON Schema 2020-12
 * validator: OpenAPI 3.1's dialect), compiling each component once.
 */
export function createConformance(document: ApiDocument) {
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
  addFormats(ajv);
  // The components under the document's own `#/components/schemas/...` references.
  ajv.addSchema({ $id: 'openapi', components: document.raw.components });
  const compiled = new Map<string, ValidateFunction>();
  const validatorOf = (name: string) => {
    let validate = compiled.get(name);
    if (!validate) {
      validate = ajv.compile({ $ref: `openapi#/components/schemas/${name}` });
      compiled.set(name, validate);
    }
    return validate;
  };

  /** Every way the answer breaks the document's word for this operation; none is a pass. */
  return function violations(operation: FuzzOperation, answer: Answer): string[] {
    const found: string[] = [];
    if (answer.status >= 500) found.push(`a ${answer.status}`);
    if (answer.bytes > MAX_ANSWER_BYTES) found.push(`an answer of ${answer.bytes} bytes`);
    const declared = operation.responses.get(answer.status);
    if (!declared) return [...found, `undeclared status ${answer.status}`];
    if (answer.contentType !== declared.mediaType) {
      found.push(`content-type ${answer.contentType}, declared ${declared.mediaType}`);
    }
    if (declared.schemaName === undefined) {
      return answer.bytes === 0
        ? found
        : [...found, `${answer.bytes} bytes where none are declared`];
    }
    const bodies = parseBodies(answer, declared.mediaType);
    if (bodies === undefined) return [...found, `a body that is not ${declared.mediaType}`];
    const validate = validatorOf(declared.schemaName);
    for (const body of bodies) {
      if (!validate(body)) {
        const [first] = validate.errors ?? [];
        found.push(`not a ${declared.schemaName}: ${first?.instancePath} ${first?.message}`);
        break;
      }
    }
    if (answer.status >= 400) {
      const leak = LEAKS.find((pattern) => pattern.test(ownWords(bodies[0])));
      if (leak) found.push(`internals in the error body (${leak.source.slice(0, 30)})`);
    }
    if ((answer.status === 429 || answer.status === 503) && !answer.headers.has('retry-after')) {
      found.push(`a ${answer.status} without Retry-After`);
    }
    if (answer.status === 401 && !answer.headers.has('www-authenticate')) {
      found.push('a 401 without WWW-Authenticate');
    }
    return found;
  };
}

function parseBodies(answer: Answer, mediaType: string): unknown[] | undefined {
  try {
    if (mediaType === 'application/x-ndjson') {
      return answer.text
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as unknown);
    }
    return [JSON.parse(answer.text) as unknown];
  } catch {
    return undefined;
  }
}

/**
 * The text of a problem document the service wrote itself: `instance` is the request's
 * path, and error paths and the messages of unknown fields echo the request's own keys,
 * any of which may well look like SQL.
 */
function ownWords(problem: unknown): string {
  if (problem === null || typeof problem !== 'object') return String(problem);
  const {
    errors,
    instance: _path,
    ...rest
  } = problem as {
    errors?: { rule: string; message: string }[];
    instance?: unknown;
  };
  const messages = (Array.isArray(errors) ? errors : [])
    .filter((error) => error.rule !== 'unknownField')
    .map((error) => error.message);
  return JSON.stringify([rest, messages]);
}
