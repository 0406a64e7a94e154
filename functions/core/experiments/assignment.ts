import * as z from 'zod';
import { ValidationError } from '../errors';
import { userIdSchema } from '../feedback';
import { toFieldErrors } from '../field-errors';
import { bucketRanges, chooseVariation, hashV2 } from '../statistics';
import type { Experiment } from './definition';

/** Why a person sees no variant of an experiment. */
export type ExclusionReason = 'notRunning' | 'coverage' | 'layer';

/** What one experiment shows one person. */
export type Assignment =
  | {
      experimentId: string;
      inExperiment: true;
      variant: string;
      modelVersion: string;
    }
  | { experimentId: string; inExperiment: false; reason: ExclusionReason };

/** A first assignment: a variant, or outside the experiment's coverage. */
export type HashedAssignment = { variant: string } | { variant: null; reason: 'coverage' };

/**
 * Where a person falls in a running experiment, GrowthBook-compatibly: the v2 hash of
 * (seed, userId) in [0, 1), then the bucket ranges built from coverage and weights. The
 * same inputs always give the same answer; the first answer is stored so later weight
 * changes do not move the person (see the assignments adapter).
 */
export function hashAssignment(
  experiment: Pick<Experiment, 'seed' | 'coverage' | 'variants'>,
  userId: string,
): HashedAssignment {
  const n = hashV2(experiment.seed, userId);
  const ranges = bucketRanges(
    experiment.variants.map((variant) => variant.weight),
    experiment.coverage,
  );
  const index = chooseVariation(n, ranges);
  const variant = index < 0 ? undefined : experiment.variants[index];
  return variant ? { variant: variant.key } : { variant: null, reason: 'coverage' };
}

/** Turns a stored assignment (variant key or none) into what the API answers. */
export function describeAssignment(
  experiment: Pick<Experiment, 'experimentId' | 'variants'>,
  stored: { variant: string | null; reason: ExclusionReason | null },
): Assignment {
  const variant =
    stored.variant === null
      ? undefined
      : experiment.variants.find((candidate) => candidate.key === stored.variant);
  if (!variant) {
    return {
      experimentId: experiment.experimentId,
      inExperiment: false,
      reason: stored.reason ?? 'coverage',
    };
  }
  return {
    experimentId: experiment.experimentId,
    inExperiment: true,
    variant: variant.key,
    modelVersion: variant.modelVersion,
  };
}

/** `?userId=` of the assignment routes. */
export const assignmentQuerySchema = z.strictObject({ userId: userIdSchema });

export function parseAssignmentQuery(query: Record<string, string | undefined>): string {
  const parsed = assignmentQuerySchema.safeParse(query, { reportInput: true });
  if (!parsed.success) {
    throw new ValidationError('The query is invalid', { errors: toFieldErrors(parsed.error) });
  }
  return parsed.data.userId;
}
