import { Duration, Stack } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as rds from 'aws-cdk-lib/aws-rds';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
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

/** CPU above which the database alarms, held for 15 minutes (a burstable class's credits drain). */
export const DATABASE_CPU_ALARM_PERCENT = 80;
/** The share of the class's usable connections above which the database alarms. */
export const DATABASE_CONNECTIONS_ALARM_SHARE = 0.8;
/** Free storage below which the database alarms: time to grow it before writes fail. */
export const DATABASE_FREE_STORAGE_ALARM_BYTES = 2 * 1024 ** 3;

export interface AlarmsProps {
  queue: sqs.IQueue;
  deadLetterQueue: sqs.IQueue;
  retrainDeadLetterQueue: sqs.IQueue;
  api: apigw.IHttpApi;
  apiFunctions: Record<ApiFunctionName, lambda.IFunction>;
  learn: lambda.IFunction;
  /** Functions no route reaches (the outbox sweeper): their errors and throttles alarm too. */
  otherFunctions: Record<string, lambda.IFunction>;
  /**
   * The database the stack creates, with the connections its class leaves to clients
   * (USABLE_CONNECTIONS); absent when the database is imported, whose owner alarms on it.
   */
  database?: { instance: rds.IDatabaseInstance; usableConnections: number };
  /** Subscribed to the topic when given (`-c alarmEmail=...`); SNS mails it a confirmation. */
  email?: string;
}

/**
 * What an operator must hear about: dead letters of either queue, a feedback queue falling
 * behind, the API answering 5xx or slowly, any function failing or being throttled, and a
 * created database running hot, short of connections or of storage.
 * Every alarm notifies the stack's topic when it sounds and when it clears.
 */
export class Alarms extends Construct {
  /** Where every alarm of the stack notifies; subscribe more endpoints to it by hand or here. */
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    // A key of our own, not SNS's AWS managed key: CloudWatch can publish to an encrypted
    // topic only when the key's policy lets it, and an AWS managed key's policy cannot be changed.
    const key = new kms.Key(this, 'TopicKey', {
      description: 'Encrypts the alarm notifications of rename-feedback',
      enableKeyRotation: true,
    });
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    this.topic = new sns.Topic(this, 'Topic', { masterKey: key, enforceSSL: true });
    if (props.email) this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));
    const notify = new actions.SnsAction(this.topic);

    // Over its threshold unless told otherwise; notifies the topic when it sounds and when it clears.
    const notifyingAlarm = (
      alarmId: string,
      alarmDescription: string,
      metric: cloudwatch.IMetric,
      threshold: number,
      evaluationPeriods = 1,
      comparisonOperator = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    ) => {
      const alarm = new cloudwatch.Alarm(this, alarmId, {
        alarmDescription,
        metric,
        threshold,
        comparisonOperator,
        evaluationPeriods,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(notify);
      alarm.addOkAction(notify);
    };
    notifyingAlarm(
      'DeadLetters',
      'Feedback could not be learned; see POST /v1/admin/dlq/redrive',
      props.deadLetterQueue.metricApproximateNumberOfMessagesVisible(),
      0,
    );
    notifyingAlarm(
      'LearningBehind',
      'The oldest feedback message has waited more than 5 minutes',
      props.queue.metricApproximateAgeOfOldestMessage(),
      300,
      3,
    );
    notifyingAlarm(
      'RetrainDeadLetters',
      'A training job was received 5 times and never deleted: the trainer fails to take it',
      props.retrainDeadLetterQueue.metricApproximateNumberOfMessagesVisible(),
      0,
    );
    notifyingAlarm(
      'ApiServerErrors',
      `The HTTP API answered ${SERVER_ERRORS_ALARM_THRESHOLD} or more 5xx in 5 minutes`,
      props.api.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
      SERVER_ERRORS_ALARM_THRESHOLD - 1,
    );
    for (const [name, fn] of Object.entries(props.apiFunctions)) {
      const ms = P99_LATENCY_ALARM_MS[name as ApiFunctionName];
      notifyingAlarm(
        `${name}P99Latency`,
        `${name}'s p99 duration has been above ${ms} ms for 15 minutes`,
        fn.metricDuration({ period: Duration.minutes(5), statistic: 'p99' }),
        ms,
        3,
      );
    }
    notifyingAlarm(
      'LearnErrors',
      'learn failed a whole batch (an invocation error): the batch is retried, then dead-lettered',
      props.learn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      0,
    );
    notifyingAlarm(
      'LearnThrottles',
      'learn was throttled: something invokes it beyond the concurrency its queue mapping keeps to',
      props.learn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }),
      0,
    );
    for (const [name, fn] of Object.entries({ ...props.apiFunctions, ...props.otherFunctions })) {
      notifyingAlarm(
        `${name}Errors`,
        `${name} failed an invocation (an error its own handling did not answer) in 5 minutes`,
        fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        0,
      );
      notifyingAlarm(
        `${name}Throttles`,
        `${name} was throttled: its reserved concurrency (or the account's) was used up`,
        fn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }),
        0,
      );
    }
    if (props.database) {
      const { instance, usableConnections } = props.database;
      const connections = Math.floor(usableConnections * DATABASE_CONNECTIONS_ALARM_SHARE);
      notifyingAlarm(
        'DatabaseCpu',
        `PostgreSQL's CPU has been above ${DATABASE_CPU_ALARM_PERCENT}% for 15 minutes`,
        instance.metricCPUUtilization({ period: Duration.minutes(5), statistic: 'Average' }),
        DATABASE_CPU_ALARM_PERCENT,
        3,
      );
      // The peak, not the average: a deploy's old instances hold their pools for minutes,
      // and a pool refused a connection answers 503s. Three periods skip a deploy's burst.
      notifyingAlarm(
        'DatabaseConnections',
        `PostgreSQL has held more than ${connections} connections (80% of the ${usableConnections} its class leaves to clients) for 15 minutes`,
        instance.metricDatabaseConnections({ period: Duration.minutes(5), statistic: 'Maximum' }),
        connections,
        3,
      );
      notifyingAlarm(
        'DatabaseFreeStorage',
        'PostgreSQL has less than 2 GiB of free storage: grow the allocated storage before writes fail',
        instance.metricFreeStorageSpace({ period: Duration.minutes(5), statistic: 'Minimum' }),
        DATABASE_FREE_STORAGE_ALARM_BYTES,
        1,
        cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      );
    }
  }
}
