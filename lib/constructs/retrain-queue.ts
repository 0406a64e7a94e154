import { Duration } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/**
 * The queue training jobs are published to, for the external trainer (no consumer in this
 * stack), and its dead-letter queue for jobs the trainer repeatedly fails to take.
 */
export class RetrainQueue extends Construct {
  static readonly MAX_RECEIVE_COUNT = 5;
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      // A trainer takes a job and starts training; this is how long it has to delete it.
      visibilityTimeout: Duration.minutes(15),
      // Jobs are in PostgreSQL too: the queue only has to hold them until a trainer looks.
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: {
        queue: this.deadLetterQueue,
        maxReceiveCount: RetrainQueue.MAX_RECEIVE_COUNT,
      },
    });
  }
}
