import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  type MessageAttributeValue,
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { isRecord } from './json';
import type { QueueSpec } from './stack-model';

/** The part of a fauxqs message that survives a restart. */
interface StoredMessage {
  body: string;
  messageAttributes: Record<
    string,
    { DataType: string; StringValue?: string; BinaryValue?: string }
  >;
  sentTimestamp: number;
  delayUntil?: number;
  messageGroupId?: string;
  messageDeduplicationId?: string;
}

/** What the emulator needs of fauxqs's `inspectQueue` (a snapshot of every message state). */
export interface QueueInspector {
  inspectQueue(name: string):
    | {
        messages: {
          ready: StoredMessage[];
          delayed: StoredMessage[];
          inflight: { message: StoredMessage }[];
        };
      }
    | undefined;
}

interface SavedMessage {
  body: string;
  messageAttributes: StoredMessage['messageAttributes'];
  /** Seconds of delay left when saved. */
  delaySeconds?: number;
  messageGroupId?: string;
  messageDeduplicationId?: string;
}

interface SavedState {
  version: 1;
  savedAt: string;
  /** By the queue's logical id: names may change with the stack, logical ids do not. */
  queues: Record<string, SavedMessage[]>;
}

const FILE = 'queues.json';
/** SQS's longest delay. */
const MAX_DELAY_SECONDS = 900;

/** Writes every message still in a queue, visible, delayed or in flight; returns the count. */
export async function saveQueues(
  stateDir: string,
  inspector: QueueInspector,
  queues: QueueSpec[],
): Promise<number> {
  const now = Date.now();
  const state: SavedState = { version: 1, savedAt: new Date(now).toISOString(), queues: {} };
  let count = 0;
  for (const queue of queues) {
    const inspected = inspector.inspectQueue(queue.name);
    if (!inspected) continue;
    const { ready, delayed, inflight } = inspected.messages;
    const messages = [...ready, ...inflight.map((entry) => entry.message), ...delayed]
      .sort((a, b) => a.sentTimestamp - b.sentTimestamp)
      .map((message) => toSaved(message, now));
    if (messages.length === 0) continue;
    state.queues[queue.logicalId] = messages;
    count += messages.length;
  }
  await mkdir(stateDir, { recursive: true });
  const file = path.join(stateDir, FILE);
  if (count === 0) {
    await rm(file, { force: true });
    return 0;
  }
  // Written aside and renamed, so a crash mid-write never leaves half a file to restore.
  await writeFile(`${file}.tmp`, JSON.stringify(state, null, 2));
  await rename(`${file}.tmp`, file);
  return count;
}

/**
 * Sends saved messages back to the queue of the same logical id, then deletes the file.
 * Messages of queues the template no longer has are kept aside in a file of their own.
 */
export async function restoreQueues(
  stateDir: string,
  sqs: SQSClient,
  queues: QueueSpec[],
  log: (line: string) => void,
): Promise<number> {
  const file = path.join(stateDir, FILE);
  if (!existsSync(file)) return 0;
  const state: unknown = JSON.parse(await readFile(file, 'utf8'));
  if (!isRecord(state) || state.version !== 1 || !isRecord(state.queues)) {
    throw new Error(`${file} is not a queue state this emulator wrote; move it away to start`);
  }
  let restored = 0;
  const orphans: Record<string, unknown> = {};
  for (const [logicalId, messages] of Object.entries(state.queues)) {
    const queue = queues.find((q) => q.logicalId === logicalId);
    if (!queue || !Array.isArray(messages)) {
      orphans[logicalId] = messages;
      continue;
    }
    const fifo = queue.attributes.FifoQueue === 'true';
    const entries = messages.map((m, i) => toEntry(readSaved(m, file), i, fifo));
    for (let i = 0; i < entries.length; i += 10) {
      const result = await sqs.send(
        new SendMessageBatchCommand({ QueueUrl: queue.url, Entries: entries.slice(i, i + 10) }),
      );
      const failed = result.Failed ?? [];
      if (failed.length > 0) {
        throw new Error(
          `Restoring ${queue.logicalId} from ${file} failed (${failed[0]?.Message}); the file is kept`,
        );
      }
    }
    restored += entries.length;
  }
  if (Object.keys(orphans).length > 0) {
    const aside = path.join(stateDir, `queues.unrestored-${Date.now()}.json`);
    await writeFile(aside, JSON.stringify({ ...state, queues: orphans }, null, 2));
    log(`[emulator] saved messages of queues no longer in the template kept in ${aside}`);
  }
  await rm(file);
  return restored;
}

function toSaved(message: StoredMessage, now: number): SavedMessage {
  const delayLeft = message.delayUntil ? Math.ceil((message.delayUntil - now) / 1000) : 0;
  return {
    body: message.body,
    messageAttributes: message.messageAttributes,
    ...(delayLeft > 0 ? { delaySeconds: Math.min(delayLeft, MAX_DELAY_SECONDS) } : {}),
    ...(message.messageGroupId ? { messageGroupId: message.messageGroupId } : {}),
    ...(message.messageDeduplicationId
      ? { messageDeduplicationId: message.messageDeduplicationId }
      : {}),
  };
}

function readSaved(raw: unknown, file: string): SavedMessage {
  if (!isRecord(raw) || typeof raw.body !== 'string') {
    throw new Error(`${file} holds a message without a body; move the file away to start`);
  }
  const attributes: SavedMessage['messageAttributes'] = {};
  for (const [name, value] of Object.entries(
    isRecord(raw.messageAttributes) ? raw.messageAttributes : {},
  )) {
    if (!isRecord(value) || typeof value.DataType !== 'string') continue;
    attributes[name] = {
      DataType: value.DataType,
      ...(typeof value.StringValue === 'string' ? { StringValue: value.StringValue } : {}),
      ...(typeof value.BinaryValue === 'string' ? { BinaryValue: value.BinaryValue } : {}),
    };
  }
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return {
    body: raw.body,
    messageAttributes: attributes,
    ...(typeof raw.delaySeconds === 'number' ? { delaySeconds: raw.delaySeconds } : {}),
    ...(text(raw.messageGroupId) ? { messageGroupId: text(raw.messageGroupId) } : {}),
    ...(text(raw.messageDeduplicationId)
      ? { messageDeduplicationId: text(raw.messageDeduplicationId) }
      : {}),
  };
}

function toEntry(
  message: SavedMessage,
  index: number,
  fifo: boolean,
): SendMessageBatchRequestEntry {
  const attributes: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of Object.entries(message.messageAttributes)) {
    attributes[name] = {
      DataType: value.DataType,
      ...(value.StringValue === undefined ? {} : { StringValue: value.StringValue }),
      ...(value.BinaryValue === undefined
        ? {}
        : { BinaryValue: Buffer.from(value.BinaryValue, 'base64') }),
    };
  }
  return {
    Id: String(index),
    MessageBody: message.body,
    ...(Object.keys(attributes).length > 0 ? { MessageAttributes: attributes } : {}),
    ...(fifo
      ? {
          MessageGroupId: message.messageGroupId,
          // A restored message is the same message: it must not be dropped as a duplicate,
          // and FIFO queues without content-based deduplication require an id.
          MessageDeduplicationId: `${message.messageDeduplicationId ?? 'restored'}-${Date.now()}-${index}`,
        }
      : message.delaySeconds
        ? { DelaySeconds: message.delaySeconds }
        : {}),
  };
}
