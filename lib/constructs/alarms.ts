import { Duration } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/**
 * The p99 duration, in milliseconds, above which an API function alarms: well above what
 * it takes when healthy (docs/benchmarks.md: a submit's p99 is under 150 ms under load) and
 * well below its timeout, so the alarm sounds while answers are slow, before they fail.
 */
export const P99_LATENCY_ALARM_MS = {
  Submit: 1_000,
  Metrics: 2_000,
  Experiments: 2_000,
  Public: 1_000,
  // A redrive or a training-data page may take seconds; its timeout is 25 s.
  Ops: 10_000,
} as const;

export type ApiFunctionName = keyof typeof P99_LATENCY_ALARM_MS;

/** 5xx answers in 5 minutes that make an alarm: a lone 503 of a Redis blip does not. */
export const SERVER_ERRORS_ALARM_THRESHOLD = 5;

export interface AlarmsProps {
  queue: sqs.IQueue;
  deadLetterQueue: sqs.IQueue;
  retrainDeadLetterQueue: sqs.IQueue;
  api: apigw.IHttpApi;
  apiFunctions: Record<ApiFunctionName, lambda.IFunction>;
  learn: lambda.IFunction;
}

/**
 * What an operator must hear about: dead letters of either queue, a feedback queue falling
 * behind, the API answering 5xx or slowly, and `learn` failing or being throttled.
 */
export class Alarms extends Construct {
  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    const above = (
      alarmId: string,
      alarmDescription: string,
      metric: cloudwatch.IMetric,
      threshold: number,
      evaluationPeriods = 1,
    ) =>
      new cloudwatch.Alarm(this, alarmId, {
        alarmDescription,
        metric,
        threshold,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    above(
      'DeadLetters',
      'Feedback could not be learned; see POST /v1/admin/dlq/redrive',
      props.deadLetterQueue.metricApproximateNumberOfMessagesVisible(),
      0,
    );
    above(
      'LearningBehind',
      'The oldest feedback message has waited more than 5 minutes',
      props.queue.metricApproximateAgeOfOldestMessage(),
      300,
      3,
    );
    above(
      'RetrainDeadLetters',
      'A training job was received 5 times and never deleted: the trainer fails to take it',
      props.retrainDeadLetterQueue.metricApproximateNumberOfMessagesVisible(),
      0,
    );
    above(
      'ApiServerErrors',
      `The HTTP API answered ${SERVER_ERRORS_ALARM_THRESHOLD} or more 5xx in 5 minutes`,
      props.api.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
      SERVER_ERRORS_ALARM_THRESHOLD - 1,
    );
    for (const [name, fn] of Object.entries(props.apiFunctions)) {
      const ms = P99_LATENCY_ALARM_MS[name as ApiFunctionName];
      above(
        `${name}P99Latency`,
        `${name}'s p99 duration has been above ${ms} ms for 15 minutes`,
        fn.metricDuration({ period: Duration.minutes(5), statistic: 'p99' }),
        ms,
        3,
      );
    }
    above(
      'LearnErrors',
      'learn failed a whole batch (an invocation error): the batch is retried, then dead-lettered',
      props.learn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      0,
    );
    above(
      'LearnThrottles',
      'learn was throttled: something invokes it beyond the concurrency its queue mapping keeps to',
      props.learn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }),
      0,
    );
  }
}
