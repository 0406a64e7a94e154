import * as z from 'zod';
import type { Scope } from '../api-key';
import {
  CALIBRATE_BODY_LIMIT_BYTES,
  calibrateRequestSchema,
  calibrationQuerySchema,
  modelVersionSchema,
} from '../calibration-requests';
import { feedbackBatchDocumentSchema, feedbackInputSchema, userIdSchema } from '../feedback';
import { metricsQuerySchema } from '../metrics';
import { completeJobRequestSchema, retrainRequestSchema } from '../retraining';
import { trainingDataQuerySchema } from '../training-data';
import { calibrateResultSchema, calibrationReportSchema } from './calibration-contract';
import { experimentRoutes } from './experiment-routes';
import {
  BATCH_BODY_LIMIT_BYTES,
  batchResultSchema,
  FEEDBACK_BODY_LIMIT_BYTES,
  feedbackViewSchema,
  submitResultSchema,
} from './feedback-contract';
import { keyRoutes } from './key-routes';
import {
  COMPLETE_JOB_BODY_LIMIT_BYTES,
  completedJobSchema,
  learningStatusSchema,
  RETRAIN_BODY_LIMIT_BYTES,
  trainingJobSchema,
} from './learning-contract';
import { metricsReportSchema } from './metrics-contract';
import {
  healthSchema,
  openApiDocumentSchema,
  queuesReportSchema,
  redriveResultSchema,
} from './operations-contract';
import {
  APPLY_PREFERENCES_BODY_LIMIT_BYTES,
  applyPreferencesBodySchema,
  applyPreferencesResultSchema,
  preferencesReportSchema,
} from './preferences-contract';
import { NDJSON_MEDIA_TYPE, trainingExampleSchema } from './training-data-contract';

const userIdPathSchema = userIdSchema.describe(
  'The person, URL-encoded: 1 to 128 characters, well-formed Unicode, no control characters',
);

/** The Lambda functions that serve the API, by file: `functions/<name>.ts`. */
export type ApiFunction = 'public' | 'submit' | 'metrics' | 'ops' | 'experiments';

export type ApiTag = 'feedback' | 'metrics' | 'operations' | 'learning' | 'experiments' | 'keys';

/** The failures a route may answer with, as `application/problem+json`. */
export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 503;

export interface ApiRoute {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
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
  success: {
    status: 200 | 201 | 202 | 204;
    description: string;
    /** The answer's body; none for a 204. */
    schema?: z.ZodType;
    /** When not JSON, e.g. NDJSON: then `schema` describes each line. */
    mediaType?: string;
    /** Response headers of the success, by name in `components.headers`. */
    headers?: string[];
  };
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
    success: {
      status: 200,
      description: 'The metrics',
      schema: metricsReportSchema,
      headers: ['Cache-Status'],
    },
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
    path: '/v1/models/{modelVersion}/calibration',
    function: 'metrics',
    operationId: 'getCalibration',
    tag: 'metrics',
    summary: 'How well confidence predicts approval, and the calibrated curve',
    description:
      'From every learned feedback of the model version: the expected calibration error and ' +
      'Brier score of the raw confidence and of the calibrated one (isotonic regression), the ' +
      'reliability diagram, and the lowest confidence whose calibrated approval rate reaches ' +
      '`target`.',
    scope: 'user',
    pathParameters: { modelVersion: modelVersionSchema },
    query: calibrationQuerySchema,
    success: {
      status: 200,
      description: 'The calibration',
      schema: calibrationReportSchema,
      headers: ['Cache-Status'],
    },
    problems: {
      404: "No learned feedback for this model version in the caller's tenant.",
      422: 'The model version breaks its pattern.',
    },
  },
  {
    method: 'POST',
    path: '/v1/models/{modelVersion}/calibrate',
    function: 'metrics',
    operationId: 'calibrateConfidences',
    tag: 'metrics',
    summary: 'Calibrate confidences',
    description:
      'Maps each confidence to the approval probability learned for the model version; the ' +
      'map is non-decreasing. Spends the `user` quota (it is a POST), once per request.',
    scope: 'user',
    pathParameters: { modelVersion: modelVersionSchema },
    body: { schema: calibrateRequestSchema, maxBytes: CALIBRATE_BODY_LIMIT_BYTES },
    success: {
      status: 200,
      description: 'The calibrated values',
      schema: calibrateResultSchema,
      headers: ['Cache-Status'],
    },
    problems: {
      404: "No learned feedback for this model version in the caller's tenant.",
      422: 'The model version breaks its pattern.',
    },
  },
  {
    method: 'GET',
    path: '/v1/health',
    function: 'public',
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
    function: 'public',
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
    description:
      'The queues are shared by every tenant, so this answers an operator key only (a key ' +
      "with no tenant); a tenant's admin finds its own backlog in getLearningStatus.",
    scope: 'operator',
    success: { status: 200, description: 'The depths', schema: queuesReportSchema },
  },
  {
    method: 'POST',
    path: '/v1/admin/dlq/redrive',
    function: 'ops',
    operationId: 'redriveDeadLetters',
    tag: 'operations',
    summary: 'Move dead letters back to the feedback queue',
    description:
      'Fix the cause first; call again while `remaining` is above 0. Dead letters may be ' +
      "any tenant's, so this takes an operator key only.",
    scope: 'operator',
    success: { status: 202, description: 'Moved', schema: redriveResultSchema },
  },
  {
    method: 'GET',
    path: '/v1/training-data',
    function: 'ops',
    operationId: 'exportTrainingData',
    tag: 'operations',
    summary: 'Export labelled examples to train on, a page at a time',
    description:
      "The caller's tenant's decisions as NDJSON, one example per line, oldest first. " +
      'Follow `X-Next-Cursor` (with the same filters) until it is absent. Every stored ' +
      'decision is exported, learned or not.',
    scope: 'admin',
    query: trainingDataQuerySchema,
    success: {
      status: 200,
      description: 'One page of examples, one JSON object per line',
      schema: trainingExampleSchema,
      mediaType: NDJSON_MEDIA_TYPE,
      headers: ['X-Next-Cursor'],
    },
    problems: {
      400:
        'The `cursor` is not one this API gave out for this tenant and these filters ' +
        '(cursors are signed; one changed or made up is refused before it is read).',
    },
  },
  {
    method: 'GET',
    path: '/v1/learning/status',
    function: 'ops',
    operationId: 'getLearningStatus',
    tag: 'learning',
    summary: 'Retraining state of each model version',
    description:
      "For each model version of the caller's tenant: feedback learned since its last " +
      'training job, the approval-rate drift test, its latest jobs and the version it was ' +
      "trained from; and the tenant's learning backlog (stored feedback not learned yet).",
    scope: 'admin',
    success: { status: 200, description: 'The state', schema: learningStatusSchema },
  },
  {
    method: 'POST',
    path: '/v1/learning/retrain',
    function: 'ops',
    operationId: 'forceRetraining',
    tag: 'learning',
    summary: 'Force a training job',
    description:
      'Creates a `manual` job for the model version and publishes it to the retrain queue; ' +
      'the feedback count towards the next job starts again from 0.',
    scope: 'admin',
    body: { schema: retrainRequestSchema, maxBytes: RETRAIN_BODY_LIMIT_BYTES },
    success: { status: 202, description: 'The job is queued', schema: trainingJobSchema },
    problems: {
      404: "No feedback has been learned for this model version in the caller's tenant.",
    },
  },
  {
    method: 'POST',
    path: '/v1/learning/jobs/{id}/complete',
    function: 'ops',
    operationId: 'completeTrainingJob',
    tag: 'learning',
    summary: 'Report a finished training job',
    description:
      'The trainer reports the model version a job produced and its evaluation: the job is ' +
      "`completed` and the new version's parent is the job's version. Sending the same " +
      'completion again answers as the first time.',
    scope: 'admin',
    pathParameters: { id: z.uuid().describe('The id of the training job') },
    body: { schema: completeJobRequestSchema, maxBytes: COMPLETE_JOB_BODY_LIMIT_BYTES },
    success: { status: 200, description: 'The completed job', schema: completedJobSchema },
    problems: {
      404: "No training job with this id in the caller's tenant.",
      409:
        'The job is not queued or running (it completed differently, or failed), or the new ' +
        "version is the job's own, an ancestor of it, or the product of another job.",
    },
  },
  {
    method: 'GET',
    path: '/v1/users/{userId}/preferences',
    function: 'metrics',
    operationId: 'getNamingPreferences',
    tag: 'metrics',
    summary: "A person's learned naming preferences",
    description:
      'The naming conventions learned from the names the person chose instead of a proposal ' +
      '(and the proposals they approved): separator, letter case, date format and position, ' +
      'extension case, words they remove or add, each with its evidence. A person with no ' +
      'learned feedback has no rules.',
    scope: 'user',
    pathParameters: { userId: userIdPathSchema },
    success: { status: 200, description: 'The learned rules', schema: preferencesReportSchema },
    problems: { 422: 'The user id breaks its rules.' },
  },
  {
    method: 'POST',
    path: '/v1/users/{userId}/preferences/apply',
    function: 'metrics',
    operationId: 'applyNamingPreferences',
    tag: 'metrics',
    summary: "Rewrite a proposed name with a person's preferences",
    description:
      'Applies the rules that apply (see getNamingPreferences); for a dimension the person has ' +
      "shown fewer than PREFERENCE_MIN_EVIDENCE times, the tenant's shared rule is used when " +
      'PREFERENCE_TENANT_MIN_PEOPLE people showed it. With no rule the name comes back ' +
      'unchanged. Spends the `user` quota (it is a POST).',
    scope: 'user',
    pathParameters: { userId: userIdPathSchema },
    body: { schema: applyPreferencesBodySchema, maxBytes: APPLY_PREFERENCES_BODY_LIMIT_BYTES },
    success: {
      status: 200,
      description: 'The rewritten name',
      schema: applyPreferencesResultSchema,
    },
    problems: { 422: 'The user id or the file name breaks its rules.' },
  },
  ...experimentRoutes,
  ...keyRoutes,
];

/** The API Gateway route key of a route, e.g. `GET /v1/metrics`. */
export function routeKeyOf(route: Pick<ApiRoute, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}
