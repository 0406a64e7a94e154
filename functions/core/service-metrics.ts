/** The CloudWatch namespace of every metric the functions emit (the dashboard reads it). */
export const METRICS_NAMESPACE = 'RenameFeedback';
/** The `service` dimension of every metric, beside `stage`. */
export const METRICS_SERVICE = 'rename-feedback';

/**
 * Every metric the functions emit (adapters/service-metrics.ts), by name: the stack's
 * dashboard reads the same names, so a rename cannot leave a graph empty.
 */
export const METRIC = {
  feedbackAccepted: 'FeedbackAccepted',
  feedbackDuplicate: 'FeedbackDuplicate',
  feedbackConflict: 'FeedbackConflict',
  feedbackRejected: 'FeedbackRejected',
  rateLimited: 'RateLimitedRequests',
  learnBatchSize: 'LearnBatchSize',
  feedbackLearned: 'FeedbackLearned',
  learnLagMax: 'LearnLagMax',
  learnLagMean: 'LearnLagMean',
  cacheHit: 'LearnedCacheHit',
  cacheMiss: 'LearnedCacheMiss',
  trainingJobsCreated: 'TrainingJobsCreated',
  driftDetected: 'DriftDetected',
} as const;

export type MetricName = (typeof METRIC)[keyof typeof METRIC];
