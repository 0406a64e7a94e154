import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';

/**
 * The one X-Ray tracer of the process (Powertools). Loaded by tracer.ts only when tracing
 * is on: the X-Ray SDK it imports installs an async hook at load that slows every `await`
 * of the process, traced or not. It traces only where Lambda runs it with a trace header
 * (active tracing). HTTP is not patched globally: the AWS SDK clients are captured where
 * they are made, and the one hand-signed SQS request traces itself (sqs-batch-sender.ts).
 */
export const tracer = new Tracer({ serviceName: 'rename-feedback', captureHTTPsRequests: false });

/** X-Ray's namespaces: `aws` for an AWS service (drawn as one), `remote` for any other. */
export type TraceNamespace = 'aws' | 'remote';

export type Subsegment = NonNullable<
  Parameters<Parameters<typeof tracer.provider.captureAsyncFunc>[1]>[0]
>;

/**
 * Runs `call` in a subsegment `name` (`PostgreSQL`, `Redis`, `SQS`) annotated with
 * `operation`, which names what was done and never what it was done with: a statement's
 * name or first keyword, a command, never parameters or keys. A failure is recorded as a
 * remote fault and thrown on unchanged. Never fails the call for tracing's sake: without a
 * trace (tracing off, or no header) the call runs alone, and so it does in an invocation
 * X-Ray did not sample (Sampled=0: most of them under load), whose subsegments would be
 * built only to be dropped.
 */
export async function traced<T>(
  name: string,
  operation: string,
  call: (subsegment?: Subsegment) => Promise<T>,
  namespace: TraceNamespace = 'remote',
): Promise<T> {
  if (!tracer.isTraceSampled()) return call();
  return (await tracer.provider.captureAsyncFunc(name, async (subsegment) => {
    if (!subsegment) return call();
    subsegment.addAttribute('namespace', namespace);
    subsegment.addAnnotation('operation', operation);
    try {
      return await call(subsegment);
    } catch (error) {
      subsegment.addError(error instanceof Error ? error : String(error), true);
      throw error;
    } finally {
      subsegment.close();
    }
  })) as T;
}

/**
 * The `X-Amzn-Trace-Id` a request to AWS carries from inside `subsegment` (as the SDK's
 * own clients send it), so that SQS hands the trace on with the message.
 */
export function traceHeaderOf(subsegment: Subsegment | undefined): string | undefined {
  const traceId = subsegment?.segment?.trace_id;
  if (!subsegment || !traceId) return undefined;
  return `Root=${traceId};Parent=${subsegment.id};Sampled=${subsegment.notTraced ? 0 : 1}`;
}

/**
 * A handler that is not an API's (queue, schedule), in Powertools' invocation subsegment
 * (`## index.handler`, cold start annotated). Its response is never recorded: it may carry
 * data.
 */
export function tracingInvocations<E, R>(
  handler: (event: E, context: Context) => Promise<R>,
): (event: E, context: Context) => Promise<R> {
  return middy<E, R>(handler).use(captureLambdaHandler(tracer, { captureResponse: false }));
}

/**
 * Powertools' invocation middleware for an API handler, responses never recorded, and the
 * flag for an error the client caused: X-Ray's error (4xx) or throttle (429), not a fault.
 */
export function invocationTracing() {
  return {
    capture: captureLambdaHandler(tracer, { captureResponse: false }),
    flagClientError: (status: number) => {
      if (!tracer.isTracingEnabled()) return;
      const subsegment = tracer.getSegment();
      if (status === 429) subsegment?.addThrottleFlag();
      else subsegment?.addErrorFlag();
    },
  };
}
