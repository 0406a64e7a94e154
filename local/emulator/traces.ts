import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';

/**
 * X-Ray locally: the trace header Lambda gives each invocation, and a stand-in for the
 * X-Ray daemon Lambda runs beside every function (a UDP listener on loopback), which keeps
 * the segment documents the functions send, by invocation, for tests and `EMULATOR_TRACES`.
 */

/** One document as the X-Ray SDK sends it: in Lambda, one (sub)segment at a time. */
export interface SegmentDocument {
  name: string;
  id: string;
  trace_id: string;
  parent_id?: string;
  type?: string;
  namespace?: string;
  start_time: number;
  end_time?: number;
  annotations?: Record<string, string | number | boolean>;
  error?: boolean;
  fault?: boolean;
  throttle?: boolean;
  [field: string]: unknown;
}

/** One invocation's trace: what its function sent under the header it was given. */
export interface InvocationTrace {
  traceId: string;
  /** The function's logical id without its hash (`Submit`). */
  functionName: string;
  requestId: string;
  /** Whether the header said Sampled=1 (TracingConfig Active): otherwise nothing is sent. */
  sampled: boolean;
  /** In the order they arrived: each when it closed, the handler's last. */
  segments: SegmentDocument[];
}

/**
 * `Root=1-<epoch seconds, 8 hex>-<96 random bits, 24 hex>;Parent=<64 bits, 16 hex>;Sampled=1|0`,
 * as Lambda passes it (Lambda-Runtime-Trace-Id; `_X_AMZN_TRACE_ID` in the function). The
 * Parent is the id of the function's segment, which Lambda writes itself.
 */
export function newTraceHeader(sampled: boolean, nowMs = Date.now()): string {
  const time = Math.floor(nowMs / 1000)
    .toString(16)
    .padStart(8, '0');
  const root = `1-${time}-${randomBytes(12).toString('hex')}`;
  return `Root=${root};Parent=${randomBytes(8).toString('hex')};Sampled=${sampled ? 1 : 0}`;
}

/** The `Root` of a trace header: the trace id segment documents carry. */
export function traceIdOf(header: string): string {
  return /(?:^|;)Root=([^;]+)/.exec(header)?.[1] ?? '';
}

const HEADER = '{"format":"json","version":1}\n';
/** Invocations kept, newest last: enough for a test or a glance, bounded for a long run. */
const KEPT_INVOCATIONS = 500;

export interface TraceDaemon {
  /** `127.0.0.1:<port>`, as AWS_XRAY_DAEMON_ADDRESS. */
  address: string;
  /** Notes an invocation about to run under `header`. */
  invoked(functionName: string, requestId: string, header: string): void;
  /** The invocations kept, oldest first, with what has arrived of their segments so far. */
  traces(): InvocationTrace[];
  close(): Promise<void>;
}

/**
 * Listens on an ephemeral loopback port. Datagrams that are not segment documents, or not
 * of an invocation it handed out, are dropped: tracing never fails anything. With `log`,
 * each document is written as one line: function, trace id, name, operation, duration.
 */
export async function startTraceDaemon(log?: (line: string) => void): Promise<TraceDaemon> {
  const socket = createSocket('udp4');
  const byTraceId = new Map<string, InvocationTrace>();
  socket.on('message', (datagram) => {
    const document = parseDocument(datagram.toString('utf8'));
    const trace = document && byTraceId.get(document.trace_id);
    if (!document || !trace) return;
    trace.segments.push(document);
    log?.(`[${trace.functionName}] ${describeSegment(document)}`);
  });
  // Nothing the daemon could do about a socket error matters to an invocation.
  socket.on('error', () => {});
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  socket.unref();
  const { port } = socket.address();
  return {
    address: `127.0.0.1:${port}`,
    invoked(functionName, requestId, header) {
      const traceId = traceIdOf(header);
      const sampled = /(?:^|;)Sampled=1(?:;|$)/.test(header);
      byTraceId.set(traceId, { traceId, functionName, requestId, sampled, segments: [] });
      // A Map iterates in insertion order: the first key is the oldest invocation.
      if (byTraceId.size > KEPT_INVOCATIONS) {
        const oldest = byTraceId.keys().next().value;
        if (oldest !== undefined) byTraceId.delete(oldest);
      }
    },
    traces: () => [...byTraceId.values()],
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

function parseDocument(text: string): SegmentDocument | undefined {
  if (!text.startsWith(HEADER)) return undefined;
  try {
    const value: unknown = JSON.parse(text.slice(HEADER.length));
    if (typeof value !== 'object' || value === null) return undefined;
    const document = value as Partial<SegmentDocument>;
    if (typeof document.name !== 'string' || typeof document.trace_id !== 'string') {
      return undefined;
    }
    return document as SegmentDocument;
  } catch {
    return undefined;
  }
}

/** `trace 1-66...: PostgreSQL insert-feedback-and-outbox-v1 2 ms` (a fault or error flagged after). */
export function describeSegment(document: SegmentDocument): string {
  // Ours annotate the operation; the AWS SDK's clients record it under `aws`.
  const aws = document.aws as { operation?: unknown } | undefined;
  const operation = document.annotations?.operation ?? aws?.operation;
  // The X-Ray SDK times to the millisecond.
  const ms =
    document.end_time === undefined
      ? 'in progress'
      : `${Math.round((document.end_time - document.start_time) * 1000)} ms`;
  const flags = ['fault', 'error', 'throttle'].filter((flag) => document[flag] === true);
  return [
    `trace ${document.trace_id}:`,
    document.name,
    ...(operation === undefined ? [] : [String(operation)]),
    ms,
    ...flags,
  ].join(' ');
}
