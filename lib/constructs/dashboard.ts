import { Duration } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  METRIC,
  METRICS_NAMESPACE,
  METRICS_SERVICE,
  type MetricName,
} from '../../functions/core/service-metrics';

export interface DashboardProps {
  stage: string;
  api: apigw.IHttpApi;
  functions: Record<string, lambda.IFunction>;
  learn: lambda.IFunction;
  queues: Record<string, sqs.IQueue>;
}

const PERIOD = Duration.minutes(5);

/**
 * One CloudWatch dashboard of the service: what submit accepted and refused, how fast and
 * in what batches `learn` learns, the learned cache, training jobs and drift, the queues,
 * and the API's answers and the functions' p99 durations.
 */
export class Dashboard extends Construct {
  constructor(scope: Construct, id: string, props: DashboardProps) {
    super(scope, id);
    const own = (name: MetricName, statistic = 'Sum') =>
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName: name,
        dimensionsMap: { service: METRICS_SERVICE, stage: props.stage },
        statistic,
        period: PERIOD,
        label: statistic === 'Sum' ? name : `${name} (${statistic})`,
      });
    const graph = (title: string, left: cloudwatch.IMetric[], right: cloudwatch.IMetric[] = []) =>
      new cloudwatch.GraphWidget({ title, left, right, width: 12, height: 6 });
    const queues = Object.entries(props.queues);
    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `rename-feedback-${props.stage}`,
      defaultInterval: Duration.hours(3),
    });
    dashboard.addWidgets(
      graph('Feedback submitted, by outcome', [
        own(METRIC.feedbackAccepted),
        own(METRIC.feedbackDuplicate),
        own(METRIC.feedbackConflict),
        own(METRIC.feedbackRejected),
      ]),
      graph(
        'API answers and rate-limited requests',
        [
          props.api.metricCount({ period: PERIOD, statistic: 'Sum', label: 'Requests' }),
          props.api.metricClientError({ period: PERIOD, statistic: 'Sum', label: '4xx' }),
          props.api.metricServerError({ period: PERIOD, statistic: 'Sum', label: '5xx' }),
        ],
        [own(METRIC.rateLimited)],
      ),
    );
    dashboard.addWidgets(
      graph('Learn lag (received to learned, ms)', [
        own(METRIC.learnLagMax, 'Maximum'),
        own(METRIC.learnLagMean, 'Average'),
      ]),
      graph(
        'Learn batches',
        [own(METRIC.feedbackLearned)],
        [own(METRIC.learnBatchSize, 'Average'), own(METRIC.learnBatchSize, 'Maximum')],
      ),
    );
    dashboard.addWidgets(
      graph('Learned cache', [own(METRIC.cacheHit), own(METRIC.cacheMiss)]),
      graph('Training jobs and drift', [
        own(METRIC.trainingJobsCreated),
        own(METRIC.driftDetected),
      ]),
    );
    dashboard.addWidgets(
      graph(
        'Queues: messages visible',
        queues.map(([name, queue]) =>
          queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, label: name }),
        ),
      ),
      graph(
        'Queues: age of the oldest message (s)',
        queues.map(([name, queue]) =>
          queue.metricApproximateAgeOfOldestMessage({ period: PERIOD, label: name }),
        ),
      ),
    );
    dashboard.addWidgets(
      graph(
        'Functions: p99 duration (ms)',
        Object.entries(props.functions).map(([name, fn]) =>
          fn.metricDuration({ period: PERIOD, statistic: 'p99', label: name }),
        ),
      ),
      graph('learn: errors and throttles', [
        props.learn.metricErrors({ period: PERIOD, statistic: 'Sum', label: 'Errors' }),
        props.learn.metricThrottles({ period: PERIOD, statistic: 'Sum', label: 'Throttles' }),
      ]),
    );
  }
}
