import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface AlarmsProps {
  queue: sqs.IQueue;
  deadLetterQueue: sqs.IQueue;
}

/** What an operator must hear about: dead letters, and a feedback queue falling behind. */
export class Alarms extends Construct {
  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    new cloudwatch.Alarm(this, 'DeadLetters', {
      alarmDescription: 'Feedback could not be learned; see POST /v1/admin/dlq/redrive',
      metric: props.deadLetterQueue.metricApproximateNumberOfMessagesVisible(),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    new cloudwatch.Alarm(this, 'LearningBehind', {
      alarmDescription: 'The oldest feedback message has waited more than 5 minutes',
      metric: props.queue.metricApproximateAgeOfOldestMessage(),
      threshold: 300,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}
