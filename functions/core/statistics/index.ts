export {
  type AlwaysValidOptions,
  type AlwaysValidResult,
  alwaysValid,
  alwaysValidEstimate,
  DEFAULT_TAU,
} from './always-valid';
export { chanceToBeatControl, expectedLoss } from './bayesian';
export { BOOTSTRAP_DRAWS, type BootstrapPosterior, bayesianBootstrap } from './bayesian-bootstrap';
export { type BucketRange, bucketRanges, chooseVariation } from './buckets';
export {
  adjustWithHolm,
  type CompareOptions,
  compareProportions,
  MIN_EXPECTED_CELL,
  type ProportionComparison,
} from './compare-proportions';
export {
  type CompareRatiosOptions,
  type CupedReport,
  compareRatios,
  isComparable,
  type RatioComparison,
  type RatioSample,
  type RatioTest,
} from './compare-ratios';
export type { Alternative, Proportion } from './counts';
export {
  type CupedCovariate,
  type CupedOutcome,
  type CupedSkipReason,
  type CupedTheta,
  cupedAdjust,
} from './cuped';
export {
  type Decision,
  type DecisionAction,
  type DecisionInput,
  decide,
  type VariantEvidence,
} from './decide';
export { type RatioDifference, ratioDifference, welchDegreesOfFreedom } from './delta-method';
export { StatisticsInputError } from './errors';
export { fisherExact2x2 } from './fisher-exact';
export { fnv1a32, hashV1, hashV2 } from './hash';
export type { Interval } from './intervals';
export { type LiftEstimate, liftEstimate } from './lift-estimate';
export { benjaminiHochberg, holm } from './multiple-comparisons';
export { normalCdf, normalQuantile, normalTwoSided } from './normal';
export { normalChanceToBeat, normalExpectedLoss } from './normal-posterior';
export {
  type ObservedPowerInput,
  peopleForObservedVariance,
  powerAtStandardError,
} from './observed-power';
export {
  EXACT_PERMUTATION_LIMIT,
  MONTE_CARLO_DRAWS,
  type PermutationOptions,
  type PermutationResult,
  permutationTest,
} from './permutation';
export { type ClusteredDesign, personVariance } from './person-variance';
export {
  type AchievedPowerInput,
  achievedPower,
  powerPropTest,
  type SampleSizeInput,
  sampleSizePerVariant,
} from './power';
export { mulberry32 } from './random';
export {
  assertRatioMoments,
  type CovariateMoments,
  momentsOf,
  type PersonObservation,
  type PersonRatio,
  type RatioEstimate,
  type RatioMetricMoments,
  type RatioMoments,
  ratioEstimate,
  SMALL_SAMPLE_PEOPLE,
} from './ratio-moments';
export { SRM_THRESHOLD, type SrmResult, srmCheck } from './srm';
export { tQuantile, tSurvival, tTwoSided } from './student-t';
export { twoProportionZ, type ZTestResult } from './two-proportion-z';
export { type ChiSquareResult, yatesChi2 } from './yates';
