import path from 'node:path';

/** The runtime shim the emulator forks, one process per function instance. */
export const RUNTIME_ENTRY = path.join(import.meta.dirname, 'lambda-runtime.cjs');

/**
 * The shim writes this, then the request id, on stdout and on stderr when an invocation
 * ends: reading it on both means every line of the invocation has arrived.
 */
export const END_OF_OUTPUT = '\u001b[emulator:end-of-output]';

/** How Lambda reports a failed invocation (`Function.errorType` etc. in the Invoke API). */
export interface FunctionErrorPayload {
  errorType: string;
  errorMessage: string;
  trace: string[];
}

/** Emulator -> instance. */
export interface InvokeMessage {
  type: 'invoke';
  requestId: string;
  /** The event as JSON text, as Lambda passes it to the runtime. */
  event: string;
  /** Epoch milliseconds at which the invocation times out. */
  deadline: number;
  invokedFunctionArn: string;
  /**
   * The X-Ray trace header (Lambda-Runtime-Trace-Id): the runtime sets `_X_AMZN_TRACE_ID`
   * to it for the invocation.
   */
  traceId: string;
}

/** Instance -> emulator. */
export type RuntimeMessage =
  /** Resident memory once the handler's module has loaded, and CPU time used until then. */
  | { type: 'ready'; rssBytes: number; cpuMs: number }
  | { type: 'init-error'; error: FunctionErrorPayload }
  /** `rssBytes`: the process's resident memory as the invocation ended. */
  | { type: 'result'; requestId: string; payload: string; rssBytes: number }
  | { type: 'error'; requestId: string; error: FunctionErrorPayload; rssBytes: number }
  /** An error outside any invocation (an unhandled rejection after a response). */
  | { type: 'crash'; error: FunctionErrorPayload }
  /** Answered, and alive: ready for the next event (Lambda's runtime calling `/next`). */
  | { type: 'next' };

export function isRuntimeMessage(value: unknown): value is RuntimeMessage {
  if (typeof value !== 'object' || value === null || !('type' in value)) return false;
  return ['ready', 'init-error', 'result', 'error', 'crash', 'next'].includes(String(value.type));
}
