export {
  type AlwaysValidOptions,
  type AlwaysValidResult,
  alwaysValid,
  DEFAULT_TAU,
} from './always-valid';
export { chanceToBeatControl, expectedLoss } from './bayesian';
export { type BucketRange, bucketRanges, chooseVariation } from './buckets';
export {
  adjustWithHolm,
  type CompareOptions,
  compareProportions,
  MIN_EXPECTED_CELL,
  type ProportionComparison,
} from './compare-proportions';
export type { Alternative, Proportion } from './counts';
export {
  type Decision,
  type DecisionAction,
  type DecisionInput,
  decide,
  type VariantEvidence,
} from './decide';
export { StatisticsInputError } from './errors';
export { fisherExact2x2 } from './fisher-exact';
export { fnv1a32, hashV1, hashV2 } from './hash';
export type { Interval } from './intervals';
export { benjaminiHochberg, holm } from './multiple-comparisons';
export { normalCdf, normalQuantile } from './normal';
export {
  type AchievedPowerInput,
  achievedPower,
  powerPropTest,
  type SampleSizeInput,
  sampleSizePerVariant,
} from './power';
export { SRM_THRESHOLD, type SrmResult, srmCheck } from './srm';
export { twoProportionZ, type ZTestResult } from './two-proportion-z';
export { type ChiSquareResult, yatesChi2 } from './yates';
