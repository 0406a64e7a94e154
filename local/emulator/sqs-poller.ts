import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { PoolOutcome } from './function-pool';
import { buildSqsEvent, readBatchResponse } from './sqs-event';
import type { EventSourceMappingSpec } from './stack-model';

export interface PollerOptions {
  sqs: SQSClient;
  mapping: EventSourceMappingSpec;
  queueUrl: string;
  queueArn: string;
  /** How many batches may be in flight at once. */
  concurrency: number;
  /** The queue's VisibilityTimeout: how long a throttled batch may wait for an instance. */
  visibilityTimeoutSeconds: number;
  invoke(event: unknown): Promise<PoolOutcome>;
  log: (line: string) => void;
  label: string;
}

/** SQS caps one receive at ten messages and twenty seconds of long polling. */
const RECEIVE_MAX_MESSAGES = 10;
const RECEIVE_MAX_WAIT_SECONDS = 20;
/** Between short receives while a batching window gathers (see receiveBatch). */
const GATHER_PAUSE_MS = 100;
/** DeleteMessageBatch calls a poller has in flight at once. */
const DELETES_IN_FLIGHT = 8;
/** Between invokes of a throttled batch: the first pause, doubled up to the last. */
const THROTTLE_FIRST_PAUSE_MS = 100;
const THROTTLE_MAX_PAUSE_MS = 1000;

/**
 * An SQS event source mapping: `concurrency` pollers, each long-polling without pause,
 * gathering a batch, invoking the function and deleting what succeeded. Failed messages
 * are left alone: they come back after the visibility timeout, and the queue's redrive
 * policy moves them to the dead-letter queue.
 *
 * A throttled invoke (the function's reserved instances all busy, as when MaximumConcurrency
 * exceeds reserved concurrency) is retried while the batch is still invisible; AWS retries
 * within the visibility timeout too (why it advises one of six times the function's timeout),
 * and its pauses are undocumented. Past that the batch is left: its messages come back, their
 * receive counts grow, and enough throttles send them to the dead-letter queue, as in AWS.
 */
export class SqsPoller {
  private readonly abort = new AbortController();
  private loops: Promise<void>[] = [];

  constructor(private readonly options: PollerOptions) {}

  start(): void {
    for (let i = 0; i < this.options.concurrency; i += 1) this.loops.push(this.poll());
  }

  /** Stops receiving; resolves when the batches already received are done. */
  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.all(this.loops);
    this.loops = [];
  }

  private async poll(): Promise<void> {
    while (!this.abort.signal.aborted) {
      let batch: Message[];
      const received = Date.now();
      try {
        batch = await this.receiveBatch();
      } catch (error) {
        if (this.abort.signal.aborted) return;
        this.options.log(`[${this.options.label}] receive failed: ${String(error)}`);
        await sleep(1000);
        continue;
      }
      if (batch.length > 0) {
        await this.deliver(batch, received + this.options.visibilityTimeoutSeconds * 1000);
      }
    }
  }

  /** One receive, or several until BatchSize or the batching window, whichever comes first. */
  private async receiveBatch(): Promise<Message[]> {
    const { batchSize, batchingWindowSeconds } = this.options.mapping;
    const batch = await this.receive(batchSize, RECEIVE_MAX_WAIT_SECONDS);
    if (batch.length === 0 || batchingWindowSeconds === 0) return batch;
    const deadline = Date.now() + batchingWindowSeconds * 1000;
    while (batch.length < batchSize && !this.abort.signal.aborted) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      // Receives are never cut short (an abandoned long poll may still take messages), so
      // the last second of the window is spent on immediate receives.
      const wait = Math.min(RECEIVE_MAX_WAIT_SECONDS, Math.floor(left / 1000));
      const more = await this.receive(batchSize - batch.length, wait);
      batch.push(...more);
      // A short receive means the queue is drained for now. Asking again at once costs this
      // process (which is also the HTTP gateway) a millisecond or two of SDK work per call,
      // one call per message under a stream of single submits; pausing gathers them in
      // tens. The window still ends the batch when it would have ended.
      if (wait === 0 && more.length < RECEIVE_MAX_MESSAGES) {
        await sleep(Math.min(deadline - Date.now(), GATHER_PAUSE_MS));
      }
    }
    return batch;
  }

  private async receive(wanted: number, waitSeconds: number): Promise<Message[]> {
    const result = await this.options.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: this.options.queueUrl,
        MaxNumberOfMessages: Math.min(RECEIVE_MAX_MESSAGES, wanted),
        WaitTimeSeconds: waitSeconds,
        AttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
      { abortSignal: this.abort.signal },
    );
    return result.Messages ?? [];
  }

  /** Invokes with the batch, again while throttled and before `visibleAt`. */
  private async invokeUntil(event: unknown, visibleAt: number): Promise<PoolOutcome> {
    for (
      let pause = THROTTLE_FIRST_PAUSE_MS;
      ;
      pause = Math.min(pause * 2, THROTTLE_MAX_PAUSE_MS)
    ) {
      const outcome = await this.options.invoke(event);
      if (outcome.status !== 'throttled' || this.abort.signal.aborted) return outcome;
      if (Date.now() + pause >= visibleAt) return outcome;
      await sleep(pause);
    }
  }

  private async deliver(batch: Message[], visibleAt: number): Promise<void> {
    const { mapping, label, log } = this.options;
    const ids = batch.map((m) => m.MessageId ?? '');
    let failed: ReadonlySet<string>;
    try {
      const event = buildSqsEvent(batch, this.options.queueArn);
      const outcome = await this.invokeUntil(event, visibleAt);
      if (outcome.status === 'throttled') {
        log(`[${label}] throttled: ${batch.length} messages return after the visibility timeout`);
        failed = new Set(ids);
      } else if (outcome.status === 'error') {
        log(
          `[${label}] batch of ${batch.length} failed: ${outcome.error.errorType}: ${outcome.error.errorMessage}`,
        );
        failed = new Set(ids);
      } else if (!mapping.reportBatchItemFailures) {
        failed = new Set();
      } else {
        const verdict = readBatchResponse(outcome.payload, ids);
        if ('malformed' in verdict) {
          log(`[${label}] whole batch of ${batch.length} failed: ${verdict.malformed}`);
          failed = new Set(ids);
        } else {
          failed = verdict.failed;
        }
      }
    } catch (error) {
      log(`[${label}] batch of ${batch.length} not delivered: ${String(error)}`);
      return;
    }
    try {
      await this.deleteAll(batch.filter((m) => !failed.has(m.MessageId ?? '')));
    } catch (error) {
      // Undeleted messages come back after the visibility timeout: at-least-once, as in AWS.
      log(`[${label}] delete failed: ${String(error)}`);
    }
  }

  /**
   * Deletes in calls of ten (SQS's limit), several at once: a batch of a thousand is a
   * hundred calls, which one after the other would hold the poller far longer than AWS's
   * own deletes do.
   */
  private async deleteAll(messages: Message[]): Promise<void> {
    const chunks: Message[][] = [];
    for (let i = 0; i < messages.length; i += RECEIVE_MAX_MESSAGES) {
      chunks.push(messages.slice(i, i + RECEIVE_MAX_MESSAGES));
    }
    const deleteChunks = async () => {
      for (let chunk = chunks.shift(); chunk; chunk = chunks.shift()) {
        const result = await this.options.sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: this.options.queueUrl,
            Entries: chunk.map((m, index) => ({
              Id: String(index),
              ReceiptHandle: m.ReceiptHandle,
            })),
          }),
        );
        for (const failure of result.Failed ?? []) {
          this.options.log(
            `[${this.options.label}] delete failed: ${failure.Code} ${failure.Message ?? ''}`,
          );
        }
      }
    };
    await Promise.all(Array.from({ length: DELETES_IN_FLIGHT }, deleteChunks));
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
