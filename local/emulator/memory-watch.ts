import { readFileSync } from 'node:fs';

/**
 * How often a running instance's memory is read. The kernel keeps the peak itself (VmHWM),
 * so a short spike between two reads is still seen; this only bounds how late. A read costs
 * about 30 µs.
 */
const SAMPLE_INTERVAL_MS = 20;

/**
 * The peak resident set size of a process so far, in bytes: the kernel's high-water mark
 * (Linux `/proc/<pid>/status` VmHWM), the whole process, not only V8's heap. Undefined
 * where there is no /proc (macOS) or once the process is gone: both are normal here, and
 * the instance then relies on the size the runtime reports at the end of each invocation.
 * (getrusage's ru_maxrss is no substitute: a forked child inherits its parent's.)
 */
export function readPeakRssBytes(pid: number): number | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kib = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
  return kib === undefined ? undefined : Number(kib) * 1024;
}

/**
 * Holds one instance to its MemorySize as Lambda's cgroup does: the whole process's resident
 * memory, not V8's heap alone. Reads run only while the instance runs code (its init, an
 * invocation): a Lambda environment is frozen in between, so it cannot grow there.
 */
export class MemoryWatch {
  private timer?: NodeJS.Timeout;
  private peak = 0;
  private exceeded = false;

  constructor(
    private readonly pid: number | undefined,
    private readonly limitBytes: number,
    private readonly onExceeded: () => void,
  ) {}

  /** The highest resident memory seen so far, in bytes. */
  get peakBytes(): number {
    return this.peak;
  }

  get hasExceeded(): boolean {
    return this.exceeded;
  }

  start(): void {
    if (this.timer || this.pid === undefined) return;
    this.sample();
    this.timer = setInterval(() => this.sample(), SAMPLE_INTERVAL_MS);
    this.timer.unref();
  }

  /** Stops reading, after one last read so that the figure includes the very end. */
  stop(): void {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
    this.sample();
  }

  /**
   * Folds in a resident size measured another way: the runtime's own, at the end of each
   * invocation, which is all there is where /proc is missing.
   */
  record(bytes: number): void {
    if (bytes > this.peak) this.peak = bytes;
    if (this.peak > this.limitBytes && !this.exceeded) {
      this.exceeded = true;
      this.onExceeded();
    }
  }

  private sample(): void {
    if (this.pid === undefined) return;
    const bytes = readPeakRssBytes(this.pid);
    if (bytes !== undefined) this.record(bytes);
  }
}
