import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import {
  END_OF_OUTPUT,
  type FunctionErrorPayload,
  type InvokeMessage,
  isRuntimeMessage,
  RUNTIME_ENTRY,
  type RuntimeMessage,
} from '../runtime/protocol';
import { asPayload, describeExit, failure } from './function-errors';
import {
  formatEnd,
  formatInitReport,
  formatReport,
  formatStart,
  type InvocationReport,
} from './invocation-report';
import { lambdaNodeArguments } from './lambda-environment';
import { MemoryWatch } from './memory-watch';

export type InvocationOutcome =
  | { status: 'ok'; payload: unknown }
  | { status: 'error'; error: FunctionErrorPayload };

export interface InstanceOptions {
  label: string;
  assetDir: string;
  environment: Record<string, string>;
  memoryMB: number;
  log: (line: string) => void;
}

/** Lambda's limit on a synchronous invocation's request and response. */
export const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

/** How long an outcome may wait for the invocation's output to arrive. */
const OUTPUT_GRACE_MS = 1000;

/** Lambda gives an on-demand environment 10 seconds to initialize. */
const INIT_LIMIT_MS = 10_000;

const MIB = 1024 * 1024;

/** What one instance measured of itself, for benchmarks and tests. */
export interface InstanceStats {
  pid: number | undefined;
  busy: boolean;
  /** From the process's start to its handler being loaded; undefined until then. */
  initDurationMs?: number;
  /** CPU time the init used: on a busy machine, steadier than its duration. */
  initCpuMs?: number;
  /** Resident memory once the handler's module had loaded, before any event. */
  rssAfterInitBytes?: number;
  /** The highest resident memory seen so far (init included). */
  peakRssBytes: number;
  invocations: number;
}

/**
 * One execution environment: a child process running the runtime shim. It serves one
 * invocation at a time; once it dies (timeout, crash, init failure) it is never reused.
 */
export class FunctionInstance {
  readonly ready: Promise<void>;
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;
  private readonly memory: MemoryWatch;
  private readonly startedAt = performance.now();
  private dead = false;
  private initDurationMs?: number;
  /** Ends the init (an error fails it); unset once it has ended. */
  private initEnded?: (error?: FunctionErrorPayload) => void;
  private initCpuMs?: number;
  private rssAfterInitBytes?: number;
  private invocations = 0;
  private pending?: {
    requestId: string;
    startedAt: number;
    timeoutMs: number;
    settle: (outcome: InvocationOutcome) => void;
    /**
     * The outcome, held until the invocation's output has arrived on both pipes and the
     * runtime has asked for its next event (or died instead).
     */
    outcome?: InvocationOutcome;
    marks: number;
    askedForNext: boolean;
    fallback?: NodeJS.Timeout;
  };

  constructor(private readonly options: InstanceOptions) {
    this.child = fork(RUNTIME_ENTRY, [], {
      cwd: options.assetDir,
      env: options.environment,
      // No loader of the emulator's own (tsx, vitest): the function's process is plain Node,
      // started as Lambda's runtime starts it.
      execArgv: lambdaNodeArguments(options.memoryMB),
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    // A send to an instance that just died fails here; its exit settles the invocation.
    this.child.on('error', (error) => options.log(`[${options.label}] ${error.message}`));
    // Killed, as Lambda's cgroup kills it: the exit then reports Runtime.OutOfMemory.
    this.memory = new MemoryWatch(this.child.pid, options.memoryMB * MIB, () => void this.kill());
    this.memory.start();
    this.forwardLines(this.child.stdout);
    this.forwardLines(this.child.stderr);
    this.exited = once(this.child, 'exit').then(() => undefined);
    this.ready = new Promise<void>((resolve, reject) => {
      this.initEnded = (error) => {
        this.initEnded = undefined;
        clearTimeout(timer);
        if (!error) return resolve();
        const line = formatInitReport(performance.now() - this.startedAt, error.errorType);
        options.log(`[${options.label}] ${line}`);
        reject(error);
      };
      const timer = setTimeout(() => {
        this.initEnded?.(
          failure('Runtime.InitTimeout', `Init did not finish in ${INIT_LIMIT_MS} ms`),
        );
        void this.kill();
      }, INIT_LIMIT_MS);
    });
    this.child.on('message', (message: unknown) => {
      if (isRuntimeMessage(message)) this.onRuntimeMessage(message);
    });
    this.child.on('exit', (code, signal) => this.onExit(describeExit(code, signal)));
    // Whoever invokes sees an init failure; nobody may be waiting on a pre-warmed instance.
    this.ready.catch(() => undefined);
  }

  get isDead(): boolean {
    return this.dead;
  }

  /** The process id, for tests that crash an instance on purpose. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Handling an invocation right now (from the event's hand-over until its outcome). */
  get isBusy(): boolean {
    return this.pending !== undefined;
  }

  get stats(): InstanceStats {
    return {
      pid: this.child.pid,
      busy: this.isBusy,
      initDurationMs: this.initDurationMs,
      initCpuMs: this.initCpuMs,
      rssAfterInitBytes: this.rssAfterInitBytes,
      peakRssBytes: this.memory.peakBytes,
      invocations: this.invocations,
    };
  }

  /** Runs one event; resolves with the outcome, never rejects. Kills the instance on timeout. */
  async invoke(message: InvokeMessage, timeoutMs: number): Promise<InvocationOutcome> {
    try {
      await this.ready;
    } catch (error) {
      return { status: 'error', error: asPayload(error) };
    }
    if (this.dead)
      return { status: 'error', error: failure('Runtime.ExitError', 'Instance is gone') };
    return new Promise<InvocationOutcome>((resolve) => {
      const timer = setTimeout(() => {
        const seconds = (timeoutMs / 1000).toFixed(2);
        const text = `${new Date().toISOString()} ${message.requestId} Task timed out after ${seconds} seconds`;
        this.options.log(`[${this.options.label}] ${text}`);
        this.settle({ status: 'error', error: failure('Sandbox.Timedout', text) });
        this.kill();
      }, timeoutMs);
      this.invocations += 1;
      this.memory.start();
      this.pending = {
        requestId: message.requestId,
        startedAt: performance.now(),
        timeoutMs,
        marks: 0,
        askedForNext: false,
        settle: (outcome) => {
          clearTimeout(timer);
          resolve(outcome);
        },
      };
      // Logged before the event goes: the function's output cannot come ahead of it.
      this.log(
        formatStart(
          message.requestId,
          this.options.environment.AWS_LAMBDA_FUNCTION_VERSION ?? '$LATEST',
        ),
      );
      // Lambda starts an invocation's clock after init: the deadline the function sees
      // (getRemainingTimeInMillis, middy's early timeout) is set now, not when the event
      // arrived while a cold instance was still starting.
      // A child killed between the dead check and this write (SIGKILL from a test, or its
      // own crash) closes the channel: the write fails with EPIPE. The exit handler
      // settles the invocation, so the failed write is only logged, never thrown.
      this.child.send({ ...message, deadline: Date.now() + timeoutMs }, (error) => {
        if (error)
          this.options.log(`[${this.options.label}] event not delivered: ${error.message}`);
      });
    });
  }

  private onExit(reason: string): void {
    this.dead = true;
    this.memory.stop();
    const outOfMemory = this.memory.hasExceeded;
    const message = `Runtime exited with error: ${reason}`;
    const errorType = outOfMemory ? 'Runtime.OutOfMemory' : 'Runtime.ExitError';
    this.initEnded?.(failure(errorType, message));
    const prefix = this.pending ? `RequestId: ${this.pending.requestId} Error: ` : '';
    // Over its memory, the outcome is Lambda's OutOfMemory whatever the function said;
    // otherwise a crash reports its error before exiting, and that error is the outcome.
    const reported = outOfMemory ? undefined : this.pending?.outcome;
    this.settle(reported ?? { status: 'error', error: failure(errorType, `${prefix}${message}`) });
  }

  /** Ends the process now; resolves once it has exited. */
  async kill(): Promise<void> {
    this.dead = true;
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }

  private onRuntimeMessage(message: RuntimeMessage): void {
    if (message.type === 'ready') {
      this.initDurationMs = performance.now() - this.startedAt;
      this.initCpuMs = message.cpuMs;
      this.rssAfterInitBytes = message.rssBytes;
      this.memory.record(message.rssBytes);
      // Frozen until its first event, as a Lambda environment is.
      this.memory.stop();
      this.initEnded?.();
      return;
    }
    if (message.type === 'init-error') {
      // The shim exits after reporting; never hand this instance another event.
      this.dead = true;
      this.initEnded?.(message.error);
      return;
    }
    if (message.type === 'result' || message.type === 'error') {
      // Past its limit, the instance is being killed: its exit gives the outcome.
      this.memory.record(message.rssBytes);
      if (this.memory.hasExceeded) return;
    }
    if (message.type === 'result' && message.requestId === this.pending?.requestId) {
      const size = Buffer.byteLength(message.payload);
      if (size > MAX_PAYLOAD_BYTES) {
        const text = `Response payload size (${size} bytes) exceeded maximum allowed payload size (${MAX_PAYLOAD_BYTES} bytes).`;
        this.complete({ status: 'error', error: failure('Function.ResponseSizeTooLarge', text) });
        return;
      }
      this.complete({ status: 'ok', payload: JSON.parse(message.payload) as unknown });
    } else if (message.type === 'error' && message.requestId === this.pending?.requestId) {
      this.complete({ status: 'error', error: message.error });
    } else if (message.type === 'next') {
      if (!this.pending) return;
      this.pending.askedForNext = true;
      this.settleWhenComplete(this.pending);
    } else if (message.type === 'crash') {
      // The runtime is exiting (an unhandled rejection or exception after the answer was
      // sent): never hand it another event, or that event would die with it. Its exit comes
      // a moment later; the pool drops the instance as soon as it sees this.
      this.dead = true;
      this.options.log(
        `[${this.options.label}] crashed between invocations: ${message.error.errorMessage}`,
      );
    }
  }

  /** The invocation is over; it settles once its last lines have been forwarded too. */
  private complete(outcome: InvocationOutcome): void {
    const pending = this.pending;
    if (!pending) return;
    pending.outcome = outcome;
    if (this.settleWhenComplete(pending)) return;
    // A function that closed its own stdout never marks it: do not wait for ever.
    pending.fallback = setTimeout(() => this.settle(outcome), OUTPUT_GRACE_MS);
  }

  /**
   * Settles once the outcome, both output marks and the runtime's request for the next
   * event are in. Only then may the pool hand this instance another event: one that is
   * crashing (a rejection left behind) says so before it would have asked.
   */
  private settleWhenComplete(pending: NonNullable<FunctionInstance['pending']>): boolean {
    if (!pending.outcome || pending.marks < 2 || !pending.askedForNext) return false;
    this.settle(pending.outcome);
    return true;
  }

  private settle(outcome: InvocationOutcome): void {
    const pending = this.pending;
    this.pending = undefined;
    if (!pending) return;
    clearTimeout(pending.fallback);
    this.memory.stop();
    this.log(formatEnd(pending.requestId));
    this.log(formatReport(this.reportOf(pending, outcome)));
    pending.settle(outcome);
  }

  private reportOf(
    pending: { requestId: string; startedAt: number; timeoutMs: number },
    outcome: InvocationOutcome,
  ): InvocationReport {
    const errorType = outcome.status === 'error' ? outcome.error.errorType : undefined;
    const timedOut = errorType === 'Sandbox.Timedout';
    // The environment failed (not only the handler) when it timed out or its process died.
    const environmentFailure: InvocationReport['failure'] = timedOut
      ? { status: 'timeout' }
      : errorType !== undefined && this.dead
        ? { status: 'error', errorType }
        : undefined;
    const first = this.invocations === 1;
    return {
      requestId: pending.requestId,
      // Lambda reports a timed-out invocation as lasting exactly its timeout.
      durationMs: timedOut ? pending.timeoutMs : performance.now() - pending.startedAt,
      memorySizeMB: this.options.memoryMB,
      peakMemoryBytes: this.memory.peakBytes,
      ...(first && this.initDurationMs !== undefined
        ? { initDurationMs: this.initDurationMs }
        : {}),
      ...(environmentFailure ? { failure: environmentFailure } : {}),
    };
  }

  private log(line: string): void {
    this.options.log(`[${this.options.label}] ${line}`);
  }

  private forwardLines(stream: Readable | null): void {
    if (!stream) return;
    const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
    lines.on('line', (line) => {
      const mark = line.indexOf(END_OF_OUTPUT);
      const text = mark < 0 ? line : line.slice(0, mark);
      // A mark may end a line the function left unfinished.
      if (mark < 0 || text !== '') this.options.log(`[${this.options.label}] ${text}`);
      if (mark >= 0) this.onEndOfOutput(line.slice(mark + END_OF_OUTPUT.length));
    });
  }

  private onEndOfOutput(requestId: string): void {
    const pending = this.pending;
    if (pending?.requestId !== requestId) return;
    pending.marks += 1;
    this.settleWhenComplete(pending);
  }
}
