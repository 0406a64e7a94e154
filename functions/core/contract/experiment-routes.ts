import { assignmentQuerySchema } from '../experiments/assignment';
import {
  concludeExperimentSchema,
  createExperimentSchema,
  EXPERIMENT_BODY_LIMIT_BYTES,
  experimentIdSchema,
  listExperimentsQuerySchema,
  patchExperimentSchema,
} from '../experiments/definition';
import { sampleSizeQuerySchema } from '../experiments/sample-size';
import {
  assignmentSchema,
  assignmentsSchema,
  defaultModelSchema,
  experimentListSchema,
  experimentResultsSchema,
  experimentViewSchema,
  sampleSizeSchema,
} from './experiments-contract';
import type { ApiRoute } from './routes';

const id = { id: experimentIdSchema };
const notFound = { 404: "No experiment with this id in the caller's tenant." };
const stale =
  'The `If-Match` version is not the stored one, or someone else changed the experiment ' +
  'meanwhile (a stale write): read it and retry.';

const action = (
  name: 'start' | 'pause' | 'resume' | 'cancel',
  summary: string,
  from: string,
): ApiRoute => ({
  method: 'POST',
  path: `/v1/experiments/{id}/${name}`,
  function: 'experiments',
  operationId: `${name}Experiment`,
  tag: 'experiments',
  summary,
  description: `Allowed from ${from}. Honours \`If-Match: <version>\`.`,
  scope: 'admin',
  pathParameters: id,
  success: { status: 200, description: 'The experiment', schema: experimentViewSchema },
  problems: { ...notFound, 409: `The experiment is not ${from}. ${stale}` },
});

/** The A/B experiment routes, served by functions/experiments.ts. */
export const experimentRoutes: readonly ApiRoute[] = [
  {
    method: 'POST',
    path: '/v1/experiments',
    function: 'experiments',
    operationId: 'createExperiment',
    tag: 'experiments',
    summary: 'Create an experiment between model versions',
    description: 'It starts as a `draft`; the first variant is the control.',
    scope: 'admin',
    body: { schema: createExperimentSchema, maxBytes: EXPERIMENT_BODY_LIMIT_BYTES },
    success: { status: 201, description: 'The new experiment', schema: experimentViewSchema },
  },
  {
    method: 'GET',
    path: '/v1/experiments',
    function: 'experiments',
    operationId: 'listExperiments',
    tag: 'experiments',
    summary: "The tenant's experiments",
    description:
      'A page at a time, newest first: follow `X-Next-Cursor` (with the same filters) until ' +
      'it is absent.',
    scope: 'admin',
    query: listExperimentsQuerySchema,
    success: {
      status: 200,
      description: 'Newest first',
      schema: experimentListSchema,
      headers: ['X-Next-Cursor'],
    },
    problems: { 400: 'The `cursor` is not one this API gave out.' },
  },
  {
    method: 'GET',
    path: '/v1/experiments/sample-size',
    function: 'experiments',
    operationId: 'getSampleSize',
    tag: 'experiments',
    summary: 'People needed per variant',
    description:
      'To detect an absolute change of `mde` in approval rate from `baseline` with a ' +
      'two-sided test at `alpha`, with probability `power`.',
    scope: 'admin',
    query: sampleSizeQuerySchema,
    success: { status: 200, description: 'The sample size', schema: sampleSizeSchema },
  },
  {
    method: 'GET',
    path: '/v1/experiments/{id}',
    function: 'experiments',
    operationId: 'getExperiment',
    tag: 'experiments',
    summary: 'One experiment',
    scope: 'admin',
    pathParameters: id,
    success: { status: 200, description: 'The experiment', schema: experimentViewSchema },
    problems: notFound,
  },
  {
    method: 'PATCH',
    path: '/v1/experiments/{id}',
    function: 'experiments',
    operationId: 'updateExperiment',
    tag: 'experiments',
    summary: 'Change an experiment',
    description:
      'Anything while `draft`; while running or paused only the description, coverage and ' +
      'weights (people already assigned keep their variant). Honours `If-Match: <version>`.',
    scope: 'admin',
    pathParameters: id,
    body: { schema: patchExperimentSchema, maxBytes: EXPERIMENT_BODY_LIMIT_BYTES },
    success: { status: 200, description: 'The changed experiment', schema: experimentViewSchema },
    problems: {
      ...notFound,
      409: `The experiment is concluded or cancelled, or the change is not allowed once started. ${stale}`,
    },
  },
  action('start', 'Start an experiment: people are assigned from now on', '`draft`'),
  action('pause', 'Pause an experiment: nobody is assigned while paused', '`running`'),
  action('resume', 'Resume a paused experiment', '`paused`'),
  {
    method: 'POST',
    path: '/v1/experiments/{id}/conclude',
    function: 'experiments',
    operationId: 'concludeExperiment',
    tag: 'experiments',
    summary: 'Conclude an experiment, freezing its results',
    description:
      'Stores the results as they are now and the winner (the one named, else the variant ' +
      "the results say to ship, else none). With `promote`, the winner's model version " +
      "becomes the tenant's default (GET /v1/models/default). Allowed from `running` or " +
      '`paused`. Honours `If-Match: <version>`.',
    scope: 'admin',
    pathParameters: id,
    body: { schema: concludeExperimentSchema, maxBytes: EXPERIMENT_BODY_LIMIT_BYTES },
    success: { status: 200, description: 'The concluded experiment', schema: experimentViewSchema },
    problems: {
      ...notFound,
      409: `The experiment is not running or paused. ${stale}`,
      422: 'The winner is not a variant, or `promote` has no winner to promote.',
    },
  },
  action('cancel', 'Cancel an experiment, without a winner', '`draft`, `running` or `paused`'),
  {
    method: 'GET',
    path: '/v1/experiments/{id}/results',
    function: 'experiments',
    operationId: 'getExperimentResults',
    tag: 'experiments',
    summary: 'Results, statistics and the decision',
    description:
      'Per variant: people exposed, feedback learned, approvals, guardrail values. Then the ' +
      'sample ratio mismatch check, each variant against control on approval rate, the ' +
      'guardrails (one-sided), Holm-adjusted p-values, power and the decision in words. A ' +
      'concluded experiment answers the results frozen when it concluded.',
    scope: 'admin',
    pathParameters: id,
    success: { status: 200, description: 'The results', schema: experimentResultsSchema },
    problems: notFound,
  },
  {
    method: 'GET',
    path: '/v1/experiments/{id}/assignment',
    function: 'experiments',
    operationId: 'getAssignment',
    tag: 'experiments',
    summary: "A person's variant in one experiment",
    description:
      "GrowthBook's v2 hash of (seed, userId) and bucket ranges from coverage and weights; " +
      'the first assignment is kept (a person keeps their variant when weights change) and ' +
      'counts as an exposure.',
    scope: 'user',
    pathParameters: id,
    query: assignmentQuerySchema,
    success: { status: 200, description: 'The assignment', schema: assignmentSchema },
    problems: notFound,
  },
  {
    method: 'GET',
    path: '/v1/assignments',
    function: 'experiments',
    operationId: 'getAssignments',
    tag: 'experiments',
    summary: "A person's variant in every running experiment",
    description:
      'What the renaming service asks before each proposal. A person in a variant of one ' +
      'experiment of a layer is outside the other experiments of that layer.',
    scope: 'user',
    query: assignmentQuerySchema,
    success: { status: 200, description: 'The assignments', schema: assignmentsSchema },
  },
  {
    method: 'GET',
    path: '/v1/models/default',
    function: 'experiments',
    operationId: 'getDefaultModel',
    tag: 'experiments',
    summary: "The tenant's default model version",
    description: 'Set when a concluded experiment promotes its winner.',
    scope: 'user',
    success: { status: 200, description: 'The default model', schema: defaultModelSchema },
    problems: { 404: 'No experiment has promoted a model version yet.' },
  },
];
