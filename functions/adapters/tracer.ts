import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import type { Subsegment, TraceNamespace } from './xray-tracer';

export type { Subsegment, TraceNamespace };

/**
 * Whether this process traces (`POWERTOOLS_TRACE_ENABLED`, a function setting; on unless
 * `false`). Read from the environment directly, before any setting is parsed: it decides
 * what this module loads.
 */
export const tracingEnabled = process.env.POWERTOOLS_TRACE_ENABLED !== 'false';

/*
 * The X-Ray SDK installs an async hook when it loads, which makes every `await` of the
 * process about 15 times dearer, traced or not (docs/benchmarks.md). So Powertools' tracer
 * is imported only when tracing is on; off, nothing of it is loaded and each function below
 * costs one branch. (esbuild keeps a dynamically imported module lazy in the bundle.)
 */
const xray = tracingEnabled ? await import('./xray-tracer') : undefined;

/** An AWS SDK v3 client whose calls are subsegments (`aws` namespace); itself when off. */
export function captureAwsClient<T>(client: T): T {
  return xray ? xray.tracer.captureAWSv3Client(client) : client;
}

/** Whether this invocation is traced and sampled: worth building a subsegment for. */
export function isTraceSampled(): boolean {
  return xray?.tracer.isTraceSampled() ?? false;
}

/**
 * Runs `call` in a subsegment `name` (`PostgreSQL`, `Redis`, `SQS`) annotated with
 * `operation` (xray-tracer.ts says what may go there); alone when not traced.
 */
export function traced<T>(
  name: string,
  operation: string,
  call: (subsegment?: Subsegment) => Promise<T>,
  namespace: TraceNamespace = 'remote',
): Promise<T> {
  return xray ? xray.traced(name, operation, call, namespace) : call();
}

/** The `X-Amzn-Trace-Id` a request to AWS carries from inside `subsegment`, if traced. */
export function traceHeaderOf(subsegment: Subsegment | undefined): string | undefined {
  return xray?.traceHeaderOf(subsegment);
}

/** A queue or schedule handler in its invocation subsegment; the handler itself when off. */
export function tracingInvocations<E, R>(
  handler: (event: E, context: Context) => Promise<R>,
): (event: E, context: Context) => Promise<R> {
  return xray ? xray.tracingInvocations(handler) : handler;
}

/**
 * Powertools' invocation middleware (`## index.handler`, responses never recorded), and
 * the flag a client's error closes it with; undefined when off.
 */
export function invocationTracing():
  | {
      capture: MiddlewareObj;
      flagClientError: (status: number) => void;
    }
  | undefined {
  return xray?.invocationTracing();
}
