import type { ExperimentResults, ExperimentView } from '../contract/experiments-contract';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import type { AlwaysValidResult } from '../statistics';
import { type Assignment, describeAssignment, type ExclusionReason } from './assignment';
import {
  type Experiment,
  type ExperimentAction,
  experimentIdSchema,
  filterExperiments,
  newExperiment,
  parseConcludeBody,
  parseListQuery,
  patchExperiment,
  transition,
} from './definition';
import { DEFAULT_LIST_PAGE_SIZE, pageOfExperiments } from './list-pages';
import { buildResults, type VariantCounts } from './results';

/** What the experiment routes need from the outside world: narrow, so tests pass fakes. */
export interface ExperimentDeps {
  store: {
    get(tenantId: string, experimentId: string): Promise<Experiment | undefined>;
    list(tenantId: string): Promise<Experiment[]>;
    create(experiment: Experiment): Promise<Experiment>;
    /** Stores the experiment as version `expectedVersion + 1` if still at it, else 409. */
    replace(experiment: Experiment, expectedVersion: number): Promise<Experiment>;
  };
  assign(
    tenantId: string,
    userId: string,
    targets: readonly Experiment[],
    running: readonly Experiment[],
  ): Promise<Map<string, { variant: string | null; reason: ExclusionReason | null }>>;
  readCounts(tenantId: string, experimentId: string): Promise<Map<string, VariantCounts>>;
  /** The always-valid results of the previous look, and this look's, by variant. */
  readAlwaysValid(tenantId: string, experimentId: string): Promise<Map<string, AlwaysValidResult>>;
  recordAlwaysValid(
    tenantId: string,
    experimentId: string,
    results: ReadonlyMap<string, AlwaysValidResult>,
  ): Promise<void>;
  writeDefaultModel(tenantId: string, modelVersion: string, experimentId: string): Promise<void>;
  now(): Date;
  newId(): string;
}

/** An experiment as answered: everything but the tenant, which the key already names. */
export function viewOf(experiment: Experiment): ExperimentView {
  const { tenantId: _tenant, ...view } = experiment;
  return view as ExperimentView;
}

/**
 * The version an `If-Match` header expects (`3` or `"3"`), or undefined without one. A
 * header naming another version than the stored one is a stale write: 409.
 */
export function checkIfMatch(experiment: Experiment, ifMatch: string | undefined): void {
  if (ifMatch === undefined) return;
  const expected = ifMatch
    .trim()
    .replace(/^W\//, '')
    .replace(/^"(.*)"$/, '$1');
  if (expected !== String(experiment.version)) {
    throw new ConflictError(
      `The experiment is at version ${experiment.version}, not ${expected}: read it and retry`,
      {
        errors: [
          {
            path: 'If-Match',
            rule: 'currentVersion',
            message: `must be the current version, ${experiment.version}`,
          },
        ],
      },
    );
  }
}

export async function findExperiment(
  deps: Pick<ExperimentDeps, 'store'>,
  tenantId: string,
  experimentId: string | undefined,
): Promise<Experiment> {
  // An id that could never exist is as absent as an unknown one.
  const valid = experimentIdSchema.safeParse(experimentId);
  const found = valid.success ? await deps.store.get(tenantId, valid.data) : undefined;
  if (!found) throw new NotFoundError('No experiment with this id');
  return found;
}

export async function createExperiment(
  deps: ExperimentDeps,
  tenantId: string,
  body: unknown,
): Promise<Experiment> {
  return deps.store.create(newExperiment(tenantId, deps.newId(), body, deps.now()));
}

/** One page of the tenant's experiments a list query asks for, newest first. */
export async function listExperiments(
  deps: Pick<ExperimentDeps, 'store'>,
  tenantId: string,
  query: Record<string, string | undefined>,
): Promise<{ experiments: Experiment[]; nextCursor: string | null }> {
  const filters = parseListQuery(query);
  const matching = filterExperiments(await deps.store.list(tenantId), filters);
  return pageOfExperiments(matching, filters.limit ?? DEFAULT_LIST_PAGE_SIZE, filters.cursor);
}

export async function updateExperiment(
  deps: ExperimentDeps,
  tenantId: string,
  experimentId: string | undefined,
  body: unknown,
  ifMatch: string | undefined,
): Promise<Experiment> {
  const current = await findExperiment(deps, tenantId, experimentId);
  checkIfMatch(current, ifMatch);
  return deps.store.replace(patchExperiment(current, body, deps.now()), current.version);
}

/**
 * Moves an experiment through its lifecycle. Concluding freezes the results into the
 * experiment with its winner (the one named, else the one the results say to ship, else
 * none); with `promote`, the winner's model version becomes the tenant's default.
 */
export async function actOnExperiment(
  deps: ExperimentDeps,
  tenantId: string,
  experimentId: string | undefined,
  action: ExperimentAction,
  ifMatch: string | undefined,
  body: unknown,
): Promise<Experiment> {
  const conclusion = action === 'conclude' ? parseConcludeBody(body) : undefined;
  const current = await findExperiment(deps, tenantId, experimentId);
  checkIfMatch(current, ifMatch);
  const now = deps.now();
  let next = transition(current, action, now);
  if (conclusion) {
    const results = buildResults(
      next,
      await deps.readCounts(tenantId, next.experimentId),
      now,
      await deps.readAlwaysValid(tenantId, next.experimentId),
    );
    const winner =
      conclusion.winner ?? (results.decision.action === 'ship' ? results.decision.variant : null);
    const variant = next.variants.find((candidate) => candidate.key === winner);
    if (winner !== null && !variant) {
      throw new ValidationError('The winner is not a variant of this experiment', {
        errors: [{ path: 'winner', rule: 'knownVariant', message: 'must be a variant key' }],
      });
    }
    if (conclusion.promote && !variant) {
      throw new ValidationError('Nothing to promote: name a winner', {
        errors: [
          {
            path: 'winner',
            rule: 'requiredToPromote',
            message: 'is required to promote: the results name no variant to ship',
          },
        ],
      });
    }
    next = { ...next, winner, promoted: conclusion.promote === true, finalResults: results };
    const stored = await deps.store.replace(next, current.version);
    // After the conditional write, so a stale conclusion never changes the default.
    if (conclusion.promote && variant) {
      await deps.writeDefaultModel(tenantId, variant.modelVersion, stored.experimentId);
    }
    return stored;
  }
  return deps.store.replace(next, current.version);
}

/** One person in one experiment: their variant while it runs, else why they have none. */
export async function assignOne(
  deps: ExperimentDeps,
  tenantId: string,
  experimentId: string | undefined,
  userId: string,
): Promise<Assignment> {
  const experiment = await findExperiment(deps, tenantId, experimentId);
  if (experiment.state !== 'running') {
    return { experimentId: experiment.experimentId, inExperiment: false, reason: 'notRunning' };
  }
  // Layer mates are needed only for a layered experiment: skip the list otherwise.
  const running =
    experiment.layer === null
      ? [experiment]
      : (await deps.store.list(tenantId)).filter((e) => e.state === 'running');
  const stored = await deps.assign(tenantId, userId, [experiment], running);
  return describeAssignment(
    experiment,
    stored.get(experiment.experimentId) ?? { variant: null, reason: 'coverage' },
  );
}

/** One person in every running experiment of the tenant, oldest experiment first. */
export async function assignAll(
  deps: ExperimentDeps,
  tenantId: string,
  userId: string,
): Promise<Assignment[]> {
  const running = (await deps.store.list(tenantId))
    .filter((e) => e.state === 'running')
    .sort((a, b) => ((a.startedAt ?? '') < (b.startedAt ?? '') ? -1 : 1));
  const stored = await deps.assign(tenantId, userId, running, running);
  return running.map((experiment) =>
    describeAssignment(
      experiment,
      stored.get(experiment.experimentId) ?? { variant: null, reason: 'coverage' },
    ),
  );
}

/** Current results; a concluded experiment answers the results frozen when it concluded. */
export async function experimentResults(
  deps: ExperimentDeps,
  tenantId: string,
  experimentId: string | undefined,
): Promise<ExperimentResults> {
  const experiment = await findExperiment(deps, tenantId, experimentId);
  if (experiment.state === 'concluded' && experiment.finalResults) {
    return experiment.finalResults as ExperimentResults;
  }
  const [counts, previous] = await Promise.all([
    deps.readCounts(tenantId, experiment.experimentId),
    deps.readAlwaysValid(tenantId, experiment.experimentId),
  ]);
  const results = buildResults(experiment, counts, deps.now(), previous);
  // Each look starts from the last: the guarantee is for the running minimum over looks.
  await deps.recordAlwaysValid(
    tenantId,
    experiment.experimentId,
    new Map(results.comparisons.map((c) => [c.variant, c.alwaysValid])),
  );
  return results;
}
