import { z } from 'zod';
import type { Scope } from '../api-key';
import { feedbackBatchDocumentSchema, feedbackInputSchema } from '../feedback';
import { metricsQuerySchema } from '../metrics';
import {
  BATCH_BODY_LIMIT_BYTES,
  batchResultSchema,
  FEEDBACK_BODY_LIMIT_BYTES,
  feedbackViewSchema,
  submitResultSchema,
} from './feedback-contract';
import { metricsReportSchema } from './metrics-contract';
import {
  healthSchema,
  openApiDocumentSchema,
  queuesReportSchema,
  redriveResultSchema,
} from './operations-contract';

/** The Lambda functions that serve the API, by file: `functions/<name>.ts`. */
export type ApiFunction = 'submit' | 'metrics' | 'ops';

export type ApiTag = 'feedback' | 'metrics' | 'operations';

/** The failures a route may answer with, as `application/problem+json`. */
export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 503;

export interface ApiRoute {
  method: 'GET' | 'POST';
  /** As API Gateway spells it: `{name}` for a path parameter. */
  path: string;
  function: ApiFunction;
  operationId: string;
  tag: ApiTag;
  summary: string;
  description?: string;
  /** Who may call it: `public` needs no key. */
  scope: Scope | 'public';
  /** A JSON body: the schema a client sends, and the largest body taken (else 413). */
  body?: { schema: z.ZodType; maxBytes: number };
  query?: z.ZodObject;
  pathParameters?: Record<string, z.ZodType>;
  /** Honours an optional `Idempotency-Key` header. */
  idempotencyKey?: boolean;
  success: { status: 200 | 202; description: string; schema: z.ZodType };
  /**
   * Failures particular to this route. Those its scope and inputs imply (401, 403, 400, 413,
   * 415, 422, 429, 503, 500) are added by the document builder.
   */
  problems?: Partial<Record<ProblemStatus, string>>;
}

/**
 * Every route of the HTTP API, the one list the OpenAPI document is built from. A contract
 * test holds it equal to the routes of the synthesized template and to the route maps the
 * handlers register.
 */
export const apiRoutes: readonly ApiRoute[] = [
  {
    method: 'POST',
    path: '/v1/feedback',
    function: 'submit',
    operationId: 'submitFeedback',
    tag: 'feedback',
    summary: 'Submit one feedback',
    description:
      'Stores one decision and answers 202; `learn` learns it asynchronously. Sending the ' +
      'same decision again answers 202 with the first id and `status: "duplicate"`, and ' +
      'stores nothing.',
    scope: 'user',
    body: { schema: feedbackInputSchema, maxBytes: FEEDBACK_BODY_LIMIT_BYTES },
    idempotencyKey: true,
    success: { status: 202, description: 'Stored, or a duplicate', schema: submitResultSchema },
    problems: { 409: 'This proposal already has a different decision.' },
  },
  {
    method: 'POST',
    path: '/v1/feedback/batch',
    function: 'submit',
    operationId: 'submitFeedbackBatch',
    tag: 'feedback',
    summary: 'Submit up to 500 feedback items',
    description:
      'Validates each item on its own, stores the valid ones and answers 202 with a result ' +
      'per item: `accepted`, `duplicate`, `rejected` or `conflict`.',
    scope: 'user',
    body: { schema: feedbackBatchDocumentSchema, maxBytes: BATCH_BODY_LIMIT_BYTES },
    idempotencyKey: true,
    success: {
      status: 202,
      description: 'At least one item is stored or a duplicate',
      schema: batchResultSchema,
    },
    problems: {
      422: 'No item could be stored (each is invalid or in conflict): `errors` lists them all.',
    },
  },
  {
    method: 'GET',
    path: '/v1/metrics',
    function: 'metrics',
    operationId: 'getMetrics',
    tag: 'metrics',
    summary: 'What learn has learned',
    description:
      'Counts, rates and processing-time percentiles of the feedback `learn` has learned ' +
      "for the caller's tenant, optionally of one model version and a time range. Unknown " +
      'query parameters are refused.',
    scope: 'user',
    query: metricsQuerySchema,
    success: { status: 200, description: 'The metrics', schema: metricsReportSchema },
  },
  {
    method: 'GET',
    path: '/v1/feedback/{id}',
    function: 'metrics',
    operationId: 'getFeedback',
    tag: 'feedback',
    summary: 'Read one stored feedback',
    scope: 'user',
    pathParameters: { id: z.uuid().describe('The id a submission answered with') },
    success: { status: 200, description: 'The feedback', schema: feedbackViewSchema },
    problems: {
      404: "No feedback with this id in the caller's tenant (another tenant's is as absent).",
    },
  },
  {
    method: 'GET',
    path: '/v1/health',
    function: 'ops',
    operationId: 'getHealth',
    tag: 'operations',
    summary: 'Readiness',
    scope: 'public',
    success: { status: 200, description: 'Ready', schema: healthSchema },
    problems: { 503: 'Not ready: PostgreSQL or the feedback queue does not answer.' },
  },
  {
    method: 'GET',
    path: '/v1/openapi.json',
    function: 'ops',
    operationId: 'getOpenApiDocument',
    tag: 'operations',
    summary: 'This document',
    scope: 'public',
    success: {
      status: 200,
      description: 'The OpenAPI 3.1 document of this API',
      schema: openApiDocumentSchema,
    },
  },
  {
    method: 'GET',
    path: '/v1/admin/queues',
    function: 'ops',
    operationId: 'getQueues',
    tag: 'operations',
    summary: 'Queue depths and the learning backlog',
    scope: 'admin',
    success: { status: 200, description: 'The depths', schema: queuesReportSchema },
  },
  {
    method: 'POST',
    path: '/v1/admin/dlq/redrive',
    function: 'ops',
    operationId: 'redriveDeadLetters',
    tag: 'operations',
    summary: 'Move dead letters back to the feedback queue',
    description: 'Fix the cause first; call again while `remaining` is above 0.',
    scope: 'admin',
    success: { status: 202, description: 'Moved', schema: redriveResultSchema },
  },
];

/** The API Gateway route key of a route, e.g. `GET /v1/metrics`. */
export function routeKeyOf(route: Pick<ApiRoute, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}
