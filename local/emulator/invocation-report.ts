/**
 * Lambda's REPORT line, field for field: tab-separated, each field followed by a tab,
 * durations to two decimals, billed duration rounded up to the millisecond (Lambda's
 * granularity since December 2020), memory in whole MB.
 */
export interface InvocationReport {
  requestId: string;
  durationMs: number;
  memorySizeMB: number;
  /** The environment's peak resident memory so far, in bytes (Lambda's figure never falls). */
  peakMemoryBytes: number;
  /** On the first invocation of an environment only: it paid for the init. */
  initDurationMs?: number;
  /**
   * Only when the environment failed, not the handler: a timeout, or the runtime's exit
   * (crash, memory). A handler's own error leaves the REPORT line as a success's.
   */
  failure?: { status: 'timeout' } | { status: 'error'; errorType: string };
}

const MIB = 1024 * 1024;

/**
 * Since August 2025 Lambda bills the INIT phase of on-demand functions on managed runtimes
 * too, as it always did for custom runtimes: the first invocation's billed duration is its
 * duration plus the init, rounded up once.
 */
export function billedDurationMs(durationMs: number, initDurationMs = 0): number {
  return Math.ceil(durationMs + initDurationMs);
}

/**
 * Whole MB, rounded up so that a process over its limit never reads as within it. Capped
 * at the memory size: Lambda's cgroup cannot hold more, and a function killed for memory
 * reports exactly its size (`Max Memory Used: 128 MB` of 128).
 */
export function maxMemoryUsedMB(peakMemoryBytes: number, memorySizeMB: number): number {
  return Math.min(Math.ceil(peakMemoryBytes / MIB), memorySizeMB);
}

/** Lambda's first line of every invocation, written before any output of the function's. */
export function formatStart(requestId: string, version: string): string {
  return `START RequestId: ${requestId} Version: ${version}`;
}

/** Lambda's line once an invocation has ended, right before its REPORT line. */
export function formatEnd(requestId: string): string {
  return `END RequestId: ${requestId}`;
}

export function formatReport(report: InvocationReport): string {
  const fields = [
    `REPORT RequestId: ${report.requestId}`,
    `Duration: ${report.durationMs.toFixed(2)} ms`,
    `Billed Duration: ${billedDurationMs(report.durationMs, report.initDurationMs)} ms`,
    `Memory Size: ${report.memorySizeMB} MB`,
    `Max Memory Used: ${maxMemoryUsedMB(report.peakMemoryBytes, report.memorySizeMB)} MB`,
  ];
  if (report.initDurationMs !== undefined) {
    fields.push(`Init Duration: ${report.initDurationMs.toFixed(2)} ms`);
  }
  if (report.failure) {
    fields.push(`Status: ${report.failure.status}`);
    if (report.failure.status === 'error') fields.push(`Error Type: ${report.failure.errorType}`);
  }
  return fields.map((field) => `${field}\t`).join('');
}

/** Lambda's line for an init that failed (`INIT_REPORT`), which no REPORT line follows. */
export function formatInitReport(initDurationMs: number, errorType: string): string {
  const status = errorType === 'Runtime.InitTimeout' ? 'timeout' : 'error';
  const fields = [
    `INIT_REPORT Init Duration: ${initDurationMs.toFixed(2)} ms`,
    'Phase: init',
    `Status: ${status}`,
    ...(status === 'error' ? [`Error Type: ${errorType}`] : []),
  ];
  return fields.map((field) => `${field}\t`).join('');
}
