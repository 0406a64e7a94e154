import * as z from 'zod';
import type { Scope } from '../api-key';
import { createKeyRequestSchema } from '../api-key-requests';
import { calibrateRequestSchema } from '../calibration-requests';
import {
  concludeExperimentSchema,
  createExperimentSchema,
  patchExperimentSchema,
} from '../experiments/definition';
import { feedbackBatchDocumentSchema, feedbackInputSchema } from '../feedback';
import { rateLimitClassOf } from '../rate-limit-policy';
import { completeJobRequestSchema, retrainRequestSchema } from '../retraining';
import { createdKeySchema, keyListSchema, keySummarySchema } from './api-keys-contract';
import { calibrateResultSchema, calibrationReportSchema } from './calibration-contract';
import {
  assignmentSchema,
  assignmentsSchema,
  defaultModelSchema,
  experimentListSchema,
  experimentResultsSchema,
  experimentViewSchema,
  sampleSizeSchema,
} from './experiments-contract';
import {
  batchResultSchema,
  feedbackViewSchema,
  idempotencyKeySchema,
  itemResultSchema,
  submitResultSchema,
} from './feedback-contract';
import { completedJobSchema, learningStatusSchema, trainingJobSchema } from './learning-contract';
import { metricsReportSchema } from './metrics-contract';
import {
  healthSchema,
  openApiDocumentSchema,
  queueDepthSchema,
  queuesReportSchema,
  redriveResultSchema,
} from './operations-contract';
import {
  applyPreferencesBodySchema,
  applyPreferencesResultSchema,
  preferenceRuleSchema,
  preferencesReportSchema,
} from './preferences-contract';
import { fieldErrorSchema, problemSchema } from './problem';
import { type ApiRoute, apiRoutes, type ProblemStatus } from './routes';
import { NEXT_CURSOR_HEADER, trainingExampleSchema } from './training-data-contract';

export type JsonSchema = Record<string, unknown>;
type Reference = { $ref: string; description?: string };

interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header';
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

interface Response {
  description: string;
  headers?: Record<string, Reference>;
  content?: Record<string, { schema: JsonSchema | Reference }>;
}

interface Operation {
  operationId: string;
  summary: string;
  description: string;
  tags: string[];
  security: Record<string, string[]>[];
  parameters?: (Parameter | Reference)[];
  requestBody?: {
    required: true;
    description: string;
    content: Record<string, { schema: Reference }>;
  };
  responses: Record<string, Response>;
}

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description: string };
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, JsonSchema>;
    parameters: Record<string, Parameter>;
    headers: Record<string, { description: string; schema: JsonSchema; example?: string }>;
    securitySchemes: Record<string, JsonSchema>;
  };
}

/** What a client sends, as it sends it: before transforms (file names are normalized after). */
const requestSchemas: Readonly<Record<string, z.ZodType>> = {
  FeedbackInput: feedbackInputSchema,
  FeedbackBatch: feedbackBatchDocumentSchema,
  RetrainRequest: retrainRequestSchema,
  CompleteJobRequest: completeJobRequestSchema,
  CalibrateRequest: calibrateRequestSchema,
  ApplyPreferencesRequest: applyPreferencesBodySchema,
  CreateExperimentRequest: createExperimentSchema,
  UpdateExperimentRequest: patchExperimentSchema,
  ConcludeExperimentRequest: concludeExperimentSchema,
  CreateApiKeyRequest: createKeyRequestSchema,
};

/** What a client receives, by component name: tests check real answers against these. */
export const responseSchemas: Readonly<Record<string, z.ZodType>> = {
  SubmitResult: submitResultSchema,
  BatchResult: batchResultSchema,
  ItemResult: itemResultSchema,
  FeedbackView: feedbackViewSchema,
  MetricsReport: metricsReportSchema,
  CalibrationReport: calibrationReportSchema,
  CalibrateResult: calibrateResultSchema,
  Health: healthSchema,
  QueuesReport: queuesReportSchema,
  QueueDepth: queueDepthSchema,
  RedriveResult: redriveResultSchema,
  OpenApiDocument: openApiDocumentSchema,
  LearningStatus: learningStatusSchema,
  TrainingJob: trainingJobSchema,
  CompletedJob: completedJobSchema,
  TrainingExample: trainingExampleSchema,
  PreferencesReport: preferencesReportSchema,
  ApplyPreferencesResult: applyPreferencesResultSchema,
  PreferenceRule: preferenceRuleSchema,
  Experiment: experimentViewSchema,
  ExperimentList: experimentListSchema,
  ExperimentResults: experimentResultsSchema,
  Assignment: assignmentSchema,
  Assignments: assignmentsSchema,
  SampleSize: sampleSizeSchema,
  DefaultModel: defaultModelSchema,
  CreatedApiKey: createdKeySchema,
  ApiKeyList: keyListSchema,
  ApiKeySummary: keySummarySchema,
  Problem: problemSchema,
  FieldError: fieldErrorSchema,
};

const SECURITY_SCHEME = 'bearer';
const JSON_MEDIA_TYPE = 'application/json';
const PROBLEM_MEDIA_TYPE = 'application/problem+json';
const schemaRef = (name: string) => `#/components/schemas/${name}`;
const headerRef = (name: string): Reference => ({ $ref: `#/components/headers/${name}` });

/**
 * The OpenAPI 3.1 document of the API, built from the route registry and the zod schemas
 * that validate requests and type answers, so it cannot drift from either.
 */
export function buildOpenApiDocument(routes: readonly ApiRoute[] = apiRoutes): OpenApiDocument {
  const names = new Map<z.ZodType, string>();
  for (const [name, schema] of Object.entries({ ...requestSchemas, ...responseSchemas })) {
    names.set(schema, name);
  }
  const refTo = (schema: z.ZodType): Reference => {
    const name = names.get(schema);
    if (name === undefined) throw new Error('A route uses a schema that is not a component');
    return { $ref: schemaRef(name) };
  };

  const paths: OpenApiDocument['paths'] = {};
  for (const route of routes) {
    const operations = paths[route.path] ?? {};
    operations[route.method.toLowerCase()] = operationOf(route, refTo);
    paths[route.path] = operations;
  }

  return {
    openapi: '3.1.1',
    info: {
      title: 'rename-feedback',
      version: '1.0.0',
      description:
        'The feedback loop of an AI file-renaming service: a person approves, rejects or ' +
        'modifies a proposed file name; this API stores the decision, learns from it ' +
        'asynchronously and serves what it learned as metrics. Errors are ' +
        '`application/problem+json` (RFC 9457); bad input names each field and rule it broke.',
    },
    tags: [
      { name: 'feedback', description: 'Decisions about proposed file names' },
      { name: 'metrics', description: 'What `learn` has learned' },
      { name: 'operations', description: 'Health, queues and dead letters' },
      { name: 'learning', description: 'Retraining: jobs, drift and model lineage' },
      { name: 'experiments', description: 'A/B experiments between model versions' },
      { name: 'keys', description: "API keys: a tenant's admins make and revoke its keys" },
    ],
    paths,
    components: {
      schemas: {
        ...componentSchemas(requestSchemas, 'input'),
        ...componentSchemas(responseSchemas, 'output'),
      },
      parameters: {
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description:
            'Makes a retry safe: a request repeated with the same key (per API key and route) ' +
            'and the same body gets the first answer back, for 24 hours; the same key with a ' +
            'different body is a 422; while the first request is still running, a 409. ' +
            'A request that failed leaves no record and can be retried.',
          schema: jsonSchemaOf(idempotencyKeySchema, 'input'),
        },
      },
      headers: {
        RateLimit: {
          description:
            'What is left of the quota this route spends (draft-ietf-httpapi-ratelimit-headers): ' +
            'requests left (`r`) and seconds until one more is possible (`t`).',
          schema: { type: 'string' },
          example: '"user";r=57;t=25',
        },
        'RateLimit-Policy': {
          description: 'The quota this route spends: `q` requests per `w` seconds, per API key.',
          schema: { type: 'string' },
          example: '"user";q=100;w=60',
        },
        'Cache-Status': {
          description:
            'How the answer was served (RFC 9211): `hit` from the cache, or `fwd=miss` computed ' +
            'from PostgreSQL (`stored`, `collapsed` into a computation already running, or ' +
            '`detail=not-stored` while the cache is unavailable); `fwd=bypass` when caching is ' +
            'off. Cached answers are never older than what `learn` had committed when the ' +
            'request began.',
          schema: { type: 'string' },
          example: 'rename-feedback; hit',
        },
        Location: {
          description: 'Where the created resource is: `/v1/keys/{id}` for a new key.',
          schema: { type: 'string' },
        },
        'Retry-After': {
          description: 'Seconds to wait before retrying.',
          schema: { type: 'integer', minimum: 0 },
        },
        [NEXT_CURSOR_HEADER]: {
          description:
            'Where the next page starts: pass it as `cursor` with the same filters. Absent on ' +
            'the last page.',
          schema: { type: 'string' },
        },
        'WWW-Authenticate': {
          description: 'The scheme to authenticate with: `Bearer`.',
          schema: { type: 'string' },
        },
      },
      securitySchemes: {
        [SECURITY_SCHEME]: {
          type: 'http',
          scheme: 'bearer',
          description:
            'An API key, `Authorization: Bearer <key>`. A route names the scope it needs: ' +
            "`user` or `admin` for a tenant's data (an admin key may do all a user key may, " +
            'in its tenant), or `operator` for the queues every tenant shares. An operator ' +
            "key belongs to no tenant and reaches no tenant's data.",
        },
      },
    },
  };
}

/** The document as `openapi.json` holds it: two-space indents, a final newline. */
export function formatOpenApiDocument(document: OpenApiDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

function operationOf(route: ApiRoute, refTo: (schema: z.ZodType) => Reference): Operation {
  const quota = rateLimitClassOf(route.method, route.scope);
  const access =
    route.scope === 'public'
      ? 'Public: needs no key.'
      : `Needs a \`${route.scope}\` key; spends its \`${quota}\` quota.`;
  const parameters = [
    ...Object.entries(route.pathParameters ?? {}).map(([name, schema]) =>
      parameterOf(name, 'path', true, jsonSchemaOf(schema, 'input')),
    ),
    ...queryParametersOf(route.query),
    ...(route.idempotencyKey ? [{ $ref: '#/components/parameters/IdempotencyKey' }] : []),
  ];
  // Authentication runs before the rate limiter: only what follows it carries the fields.
  const headersFor = (status: number): Record<string, Reference> | undefined => {
    const headers: Record<string, Reference> = {};
    if (quota !== undefined && status !== 401 && status !== 403) {
      headers.RateLimit = headerRef('RateLimit');
      headers['RateLimit-Policy'] = headerRef('RateLimit-Policy');
    }
    if (status === 401) headers['WWW-Authenticate'] = headerRef('WWW-Authenticate');
    if (status === 429 || status === 503) headers['Retry-After'] = headerRef('Retry-After');
    return Object.keys(headers).length > 0 ? headers : undefined;
  };

  const successHeaders = {
    ...headersFor(route.success.status),
    ...Object.fromEntries((route.success.headers ?? []).map((name) => [name, headerRef(name)])),
  };
  const responses: Record<string, Response> = {
    [route.success.status]: {
      description: route.success.description,
      headers: Object.keys(successHeaders).length > 0 ? successHeaders : undefined,
      ...(route.success.schema
        ? {
            content: {
              [route.success.mediaType ?? JSON_MEDIA_TYPE]: {
                schema: refTo(route.success.schema),
              },
            },
          }
        : {}),
    },
  };
  for (const [status, description] of problemsOf(route, quota)) {
    responses[status] = {
      description,
      headers: headersFor(status),
      content: { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: schemaRef('Problem') } } },
    };
  }

  return {
    operationId: route.operationId,
    summary: route.summary,
    description: [route.description, access].filter(Boolean).join(' '),
    tags: [route.tag],
    security: route.scope === 'public' ? [] : [{ [SECURITY_SCHEME]: [route.scope] }],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            description: `At most ${formatBytes(route.body.maxBytes)}, as \`${JSON_MEDIA_TYPE}\`.`,
            content: { [JSON_MEDIA_TYPE]: { schema: refTo(route.body.schema) } },
          },
        }
      : {}),
    responses,
  };
}

/** Which keys a route refuses with 403, by the scope it needs. */
const FORBIDDEN: Readonly<Record<Scope, string>> = {
  user: 'An operator key: it belongs to no tenant, and this route reads or writes one.',
  admin:
    'A user key (this route needs the `admin` scope), or an operator key (it belongs to no ' +
    'tenant).',
  operator:
    "A tenant's key, user or admin: the queues are shared by every tenant, so only an " +
    'operator key (no tenant) may see or move them.',
};

/**
 * The failures of a route, each described: those its inputs imply, its own, those of the
 * Idempotency-Key, those of authentication and the rate limit, and the plain 500.
 */
function problemsOf(route: ApiRoute, quota: string | undefined): Map<ProblemStatus, string> {
  const found = new Map<ProblemStatus, string[]>();
  const add = (status: ProblemStatus, text: string) => {
    found.set(status, [...(found.get(status) ?? []), text]);
  };
  if (route.body) {
    add(400, 'The body is not valid JSON.');
    add(413, `The body is larger than ${formatBytes(route.body.maxBytes)}.`);
    add(415, `The body is not sent as \`content-type: ${JSON_MEDIA_TYPE}\`.`);
    add(422, 'The body breaks a rule: `errors` names each field and the rule it broke.');
  }
  if (route.query) {
    add(422, 'A query parameter breaks a rule: `errors` names each and the rule it broke.');
  }
  for (const [status, text] of Object.entries(route.problems ?? {})) {
    add(Number(status) as ProblemStatus, text);
  }
  if (route.idempotencyKey) {
    add(400, 'The Idempotency-Key header is malformed.');
    add(409, 'A request with this Idempotency-Key is still in progress: retry shortly.');
    add(422, 'This Idempotency-Key was used before with a different body.');
  }
  if (route.scope !== 'public') {
    add(401, 'No API key, or one that is not valid.');
    add(403, FORBIDDEN[route.scope]);
    add(429, `The key has spent its \`${quota}\` quota: retry after \`Retry-After\` seconds.`);
    if (!found.has(503)) {
      add(503, 'PostgreSQL or another dependency cannot be reached: retry after `Retry-After`.');
    }
  }
  add(500, 'Something unexpected failed; it is logged, and the answer says nothing of it.');
  return new Map([...found].map(([status, texts]) => [status, texts.join(' ')]));
}

function queryParametersOf(query: z.ZodObject | undefined): Parameter[] {
  if (!query) return [];
  const schema = jsonSchemaOf(query, 'input');
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) =>
    parameterOf(name, 'query', required.has(name), property),
  );
}

/** A parameter, its schema's description lifted to where documentation tools show it. */
function parameterOf(
  name: string,
  location: Parameter['in'],
  required: boolean,
  { description, ...schema }: JsonSchema,
): Parameter {
  return {
    name,
    in: location,
    required,
    ...(typeof description === 'string' ? { description } : {}),
    schema,
  };
}

function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io });
  return rest;
}

/**
 * Named schemas for `components.schemas`, referring to each other by `$ref`. Requests are
 * converted as input (what a client may send, before transforms), answers as output.
 */
function componentSchemas(
  named: Readonly<Record<string, z.ZodType>>,
  io: 'input' | 'output',
): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(named)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    io,
    uri: schemaRef,
    override: io === 'output' ? openAnswerObjects : undefined,
  });
  const components: Record<string, JsonSchema> = {};
  for (const [id, schema] of Object.entries(schemas)) {
    // Anything zod could not name (a cycle, a reused id) would land in `__shared`.
    if (!(id in named)) throw new Error(`Schema "${id}" is not a named component`);
    // OpenAPI 3.1's dialect is the default, and a fragment-only `$id` is not a valid one.
    const { $schema: _dialect, $id: _id, ...rest } = schema;
    components[id] = rest;
  }
  return components;
}

/**
 * zod's output mode closes every object (`additionalProperties: false`); an answer may gain
 * fields in a later version, and a client that refused them would break. So answers stay open.
 */
function openAnswerObjects(context: { zodSchema: z.core.$ZodTypes; jsonSchema: JsonSchema }) {
  if (
    context.zodSchema._zod.def.type === 'object' &&
    context.jsonSchema.additionalProperties === false
  ) {
    delete context.jsonSchema.additionalProperties;
  }
}

function formatBytes(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
