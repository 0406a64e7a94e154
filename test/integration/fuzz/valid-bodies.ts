import fc from 'fast-check';
import { SQL_LIKE } from './hostile-values';
import type { FuzzWorld } from './world';

/** File names as people keep them, SQL-like ones included (stored as text, never run). */
const filename = fc.oneof(
  fc.constantFrom('IMG_4032.JPG', '2024-06-01_beach.jpg', 'Kitchen Plan FINAL 12-24-2024.png'),
  fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 _-]{0,30}\.(jpg|png|pdf)$/),
  fc.constantFrom(...SQL_LIKE.map((text) => `${text}.jpg`)),
);

function feedback(world: FuzzWorld) {
  return fc
    .record({
      proposalId: fc.stringMatching(/^fz-[A-Za-z0-9_-]{6,20}$/),
      originalFilename: filename,
      proposedFilename: filename,
      action: fc.constantFrom('approved', 'rejected', 'modified'),
      userFilename: filename,
      confidence: fc.double({ min: 0, max: 1, noNaN: true }),
      modelVersion: fc.constantFrom(...world.modelVersions),
      userId: fc.constantFrom(...world.userIds),
      processingTimeMs: fc.nat({ max: 86_400_000 }),
      context: fc.option(
        fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), fc.jsonValue({ maxDepth: 2 }), {
          maxKeys: 3,
        }),
        { nil: undefined },
      ),
    })
    .map(({ userFilename, context, ...rest }) => ({
      ...rest,
      ...(rest.action === 'modified' ? { userFilename } : {}),
      ...(context === undefined ? {} : { context }),
    }));
}

const variants = fc
  .constantFrom([0.5, 0.5], [0.25, 0.75], [0.2, 0.3, 0.5], [0.1, 0.1, 0.1, 0.1, 0.6])
  .chain((weights) =>
    fc.tuple(...weights.map(() => fc.constantFrom('v1', 'v2', 'v3'))).map((models) =>
      weights.map((weight, index) => ({
        key: index === 0 ? 'control' : `treatment-${index}`,
        modelVersion: models[index],
        weight,
      })),
    ),
  );

const experiment = fc.record(
  {
    name: fc.oneof(fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ]{0,30}$/), fc.constantFrom(...SQL_LIKE)),
    description: fc.constantFrom('A/B of the namers', ...SQL_LIKE),
    variants,
    minimumDetectableEffect: fc.constantFrom(0.02, 0.05, 0.1),
    coverage: fc.constantFrom(0.5, 1),
    layer: fc.constantFrom('fuzz-layer', 'other-layer'),
    sequential: fc.boolean(),
  },
  { requiredKeys: ['name', 'variants', 'minimumDetectableEffect'] },
);

/**
 * Bodies the service should accept, for the operations whose rules go beyond what the
 * document's schema says (one decision per action, weights summing to 1...), so that the
 * fuzz reaches the success answers as well as the refusals.
 */
export function validBodyOf(
  operationId: string,
  world: FuzzWorld,
): fc.Arbitrary<unknown> | undefined {
  switch (operationId) {
    case 'submitFeedback':
      return feedback(world);
    case 'submitFeedbackBatch':
      return fc.array(feedback(world), { minLength: 1, maxLength: 5 }).map((items) => ({ items }));
    case 'calibrateConfidences':
      return fc
        .array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 50 })
        .map((confidences) => ({ confidences }));
    case 'applyNamingPreferences':
      return filename.map((name) => ({ filename: name }));
    case 'forceRetraining':
      return fc.constantFrom(...world.modelVersions).map((modelVersion) => ({ modelVersion }));
    case 'completeTrainingJob':
      return fc
        .record({
          version: fc.stringMatching(/^fz-[a-z0-9]{4,10}$/),
          accuracy: fc.double({ min: 0, max: 1, noNaN: true }),
        })
        .map(({ version, accuracy }) => ({
          newModelVersion: version,
          evaluation: { accuracy, note: "it's fine" },
        }));
    case 'createExperiment':
      return experiment;
    case 'updateExperiment':
      return fc.oneof(
        fc.record({ description: fc.constantFrom('changed', ...SQL_LIKE) }),
        fc.record({ coverage: fc.constantFrom(0.25, 0.5, 1) }),
      );
    case 'concludeExperiment':
      return fc.constantFrom({}, { winner: 'control' }, { winner: 'control', promote: true });
    default:
      return undefined;
  }
}

/** Query values that mean something to the service, by parameter name. */
export function queryHints(world: FuzzWorld): Record<string, readonly string[]> {
  return {
    modelVersion: world.modelVersions,
    userId: world.userIds,
    cursor: world.cursors,
    baseline: ['0.1', '0.2', '0.5'],
    mde: ['0.02', '0.05', '0.1'],
    alpha: ['0.05', '0.01'],
    power: ['0.8', '0.9'],
    variants: ['2', '3'],
    decisionsPerPerson: ['1', '3.5'],
    betweenPersonSd: ['0', '0.1'],
    designEffect: ['1', '1.5'],
    target: ['0.5', '0.95', '1'],
    limit: ['1', '5', '1000'],
    from: ['2020-01-01T00:00:00Z'],
    to: ['2035-01-01T00:00:00Z'],
    since: ['2020-01-01T00:00:00Z'],
    until: ['2035-01-01T00:00:00+02:00'],
  };
}
