import type { FrameOrigin } from './attribute-samples';

/**
 * The phases of a warm `POST /v1/feedback`, as docs/benchmarks.md's profile names them, in the
 * order a request meets them. A sample belongs to the innermost phase on its stack: the
 * Redis script the rate limiter runs is rate limiting though it is ioredis code, and the
 * route that the Idempotency-Key wrapper calls is not idempotency. A sample with no phase
 * on its stack (a socket's data arriving, a timer) belongs to the library its leaf-most
 * frame is in, and Node's own code to what it was doing (HTTP, sockets, IPC).
 */
export const SUBMIT_PHASES = [
  'authentication',
  'rate limit',
  'body parsing',
  'idempotency',
  'validation',
  'fingerprint',
  'transaction',
  'publish after commit',
  'logging',
  'middy, routing, response',
  'callbacks: pg (results, sockets)',
  'callbacks: ioredis',
  'callbacks: AWS SDK (HTTP responses)',
  'Lambda runtime shim (IPC, JSON)',
  'Node: HTTP client (AWS SDK requests)',
  'Node: sockets, streams (pg, Redis)',
  'Node: IPC with the emulator',
  'Node: timers, promises, other',
  'garbage collection',
  'other',
  'idle',
] as const;

export type SubmitPhase = (typeof SUBMIT_PHASES)[number];

/** The package a node_modules source belongs to (`@smithy/core`, `pg`), nested ones included. */
function packageOf(source: string): string | undefined {
  const at = source.lastIndexOf('node_modules/');
  if (at < 0) return undefined;
  const parts = source.slice(at + 'node_modules/'.length).split('/');
  return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

/** A phase named by the application's own file, or by a library only submit's phase uses. */
function phaseOf(frame: FrameOrigin): SubmitPhase | undefined {
  const { source, enclosing } = frame;
  const pkg = packageOf(source);
  if (pkg === '@aws-lambda-powertools/logger' || source.endsWith('adapters/logger.ts')) {
    return 'logging';
  }
  if (pkg?.startsWith('@aws-lambda-powertools/idempotency')) return 'idempotency';
  if (/functions\/(http\/idempotency-key|adapters\/idempotency)\.ts$/.test(source)) {
    return 'idempotency';
  }
  if (/functions\/(http\/authenticate|adapters\/api-keys|core\/api-key)\.ts$/.test(source)) {
    return 'authentication';
  }
  if (
    /functions\/(http\/rate-limit|adapters\/rate-limiter|adapters\/memory-windows)\.ts$/.test(
      source,
    )
  ) {
    return 'rate limit';
  }
  if (/functions\/(http\/json-body|core\/json-depth)\.ts$/.test(source)) return 'body parsing';
  if (source.endsWith('functions/core/feedback.ts')) {
    return enclosing === 'fingerprintFeedback' || enclosing === 'canonicalJson'
      ? 'fingerprint'
      : 'validation';
  }
  if (source.endsWith('functions/core/field-errors.ts') || pkg === 'zod') return 'validation';
  if (/functions\/adapters\/(feedback-store|experiment-assignments)\.ts$/.test(source)) {
    return 'transaction';
  }
  if (/functions\/adapters\/(outbox|sqs|sqs-batch-sender)\.ts$/.test(source)) {
    return 'publish after commit';
  }
  return undefined;
}

function libraryOf(frame: FrameOrigin): SubmitPhase | undefined {
  const { source, functionName } = frame;
  const pkg = packageOf(source);
  if (functionName === '(garbage collector)') return 'garbage collection';
  if (functionName === '(idle)') return 'idle';
  if (pkg === 'pg' || pkg?.startsWith('pg-') || pkg?.startsWith('postgres-')) {
    return 'callbacks: pg (results, sockets)';
  }
  if (source.endsWith('functions/adapters/postgres.ts')) return 'callbacks: pg (results, sockets)';
  if (pkg === 'ioredis' || pkg === '@ioredis/commands' || pkg === 'redis-parser') {
    return 'callbacks: ioredis';
  }
  if (
    pkg?.startsWith('@aws-sdk/') ||
    pkg?.startsWith('@smithy/') ||
    pkg?.startsWith('@aws-crypto/')
  ) {
    return 'callbacks: AWS SDK (HTTP responses)';
  }
  if (pkg === '@middy/core' || /functions\/(http|core\/errors)/.test(source)) {
    return 'middy, routing, response';
  }
  if (source.endsWith('functions/submit.ts') || source.endsWith('core/submit-feedback.ts')) {
    return 'middy, routing, response';
  }
  if (source.includes('lambda-runtime.cjs')) return 'Lambda runtime shim (IPC, JSON)';
  return undefined;
}

/** Node's own frames, by what the stack shows they were doing. */
function nodeWorkOf(stack: readonly FrameOrigin[]): SubmitPhase | undefined {
  const modules = stack.filter((frame) => frame.source.startsWith('node:'));
  if (modules.length === 0) return undefined;
  const any = (pattern: RegExp) => modules.some((frame) => pattern.test(frame.source));
  if (any(/_http_|internal\/http/)) return 'Node: HTTP client (AWS SDK requests)';
  if (any(/child_process/)) return 'Node: IPC with the emulator';
  if (any(/(^node:net$)|stream/)) return 'Node: sockets, streams (pg, Redis)';
  return 'Node: timers, promises, other';
}

/** The phase of one sample, from its stack (root first). */
export function classifySubmitSample(stack: readonly FrameOrigin[]): SubmitPhase {
  if (stack.some((frame) => phaseOf(frame) === 'logging')) return 'logging';
  for (let i = stack.length - 1; i >= 0; i--) {
    const phase = phaseOf(stack[i] as FrameOrigin);
    if (phase) return phase;
  }
  for (let i = stack.length - 1; i >= 0; i--) {
    const library = libraryOf(stack[i] as FrameOrigin);
    if (library) return library;
  }
  const node = nodeWorkOf(stack);
  if (node) return node;
  // `(program)`: V8's own work that no JavaScript frame owns.
  return 'other';
}
