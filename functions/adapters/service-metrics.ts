import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { environment } from '#config';
import { METRIC, METRICS_NAMESPACE, METRICS_SERVICE, type MetricName } from '#core/service-metrics';

export { METRIC, METRICS_NAMESPACE };

/**
 * The one Metrics buffer of the process (CloudWatch EMF on stdout). Its dimensions are the
 * service and the stage only: a tenant or user id as a dimension would make a metric per
 * tenant, each billed, so they never become one.
 */
export const serviceMetrics = new Metrics({
  namespace: METRICS_NAMESPACE,
  serviceName: METRICS_SERVICE,
  defaultDimensions: { stage: environment().STAGE },
});

/** Adds `value` to a count of this invocation; zero adds nothing (no line, no cost). */
export function countMetric(name: MetricName, value = 1): void {
  if (value > 0) serviceMetrics.addMetric(name, MetricUnit.Count, value);
}

export function recordMilliseconds(name: MetricName, value: number): void {
  serviceMetrics.addMetric(name, MetricUnit.Milliseconds, value);
}

/**
 * Writes what this invocation counted as one EMF line, once, at its end. Powertools'
 * own flush warns on every invocation that counted nothing (most reads), so this one
 * stays quiet then.
 */
export function flushMetrics(): void {
  if (serviceMetrics.hasStoredMetrics()) serviceMetrics.publishStoredMetrics();
}

const OUTCOME_METRIC = {
  accepted: METRIC.feedbackAccepted,
  duplicate: METRIC.feedbackDuplicate,
  conflict: METRIC.feedbackConflict,
  rejected: METRIC.feedbackRejected,
} as const;

/** A submit request's feedback by outcome: one count per outcome, not one per feedback. */
export function countFeedbackOutcomes(
  results: readonly { status: keyof typeof OUTCOME_METRIC }[],
): void {
  const counts = new Map<MetricName, number>();
  for (const { status } of results) {
    const name = OUTCOME_METRIC[status];
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  for (const [name, count] of counts) countMetric(name, count);
}

/** Wraps a handler that is not middy's: its metrics are flushed however it ends. */
export function flushingMetrics<A extends unknown[], R>(
  handler: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return async (...args) => {
    try {
      return await handler(...args);
    } finally {
      flushMetrics();
    }
  };
}
