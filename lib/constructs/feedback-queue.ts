import { Duration } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface FeedbackQueueProps {
  /**
   * The consumer's timeout and its event source mapping's batching window: the visibility
   * timeout is six times the timeout plus the window, as AWS advises, so a message stays
   * hidden while its batch gathers and runs, retries included.
   */
  consumerTimeout: Duration;
  batchingWindow: Duration;
}

/** The queue `learn` consumes, and the dead-letter queue poison messages end in. */
export class FeedbackQueue extends Construct {
  static readonly MAX_RECEIVE_COUNT = 5;
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: FeedbackQueueProps) {
    super(scope, id);
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      visibilityTimeout: Duration.seconds(
        props.consumerTimeout.toSeconds() * 6 + props.batchingWindow.toSeconds(),
      ),
      retentionPeriod: Duration.days(4),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: {
        queue: this.deadLetterQueue,
        maxReceiveCount: FeedbackQueue.MAX_RECEIVE_COUNT,
      },
    });
  }
}
