import type { FunctionErrorPayload } from '../runtime/protocol';

/** An error of the environment itself (Lambda's `Runtime.*`, `Sandbox.*` types). */
export function failure(errorType: string, errorMessage: string): FunctionErrorPayload {
  return { errorType, errorMessage, trace: [] };
}

/** Whatever an init rejected with, as the Invoke API reports a function error. */
export function asPayload(error: unknown): FunctionErrorPayload {
  if (
    typeof error === 'object' &&
    error !== null &&
    'errorType' in error &&
    'errorMessage' in error
  ) {
    return {
      errorType: String(error.errorType),
      errorMessage: String(error.errorMessage),
      trace: 'trace' in error && Array.isArray(error.trace) ? error.trace.map(String) : [],
    };
  }
  return failure('Runtime.Unknown', String(error));
}

/** Go's names for signals, which Lambda's `Runtime exited with error: signal: ...` uses. */
const SIGNAL_NAMES: Partial<Record<NodeJS.Signals, string>> = {
  SIGKILL: 'killed',
  SIGABRT: 'aborted',
  SIGSEGV: 'segmentation fault',
  SIGTERM: 'terminated',
  SIGINT: 'interrupt',
};

/** How Lambda words a runtime's exit: `signal: killed`, `exit status 1`. */
export function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `signal: ${SIGNAL_NAMES[signal] ?? signal}` : `exit status ${code}`;
}
