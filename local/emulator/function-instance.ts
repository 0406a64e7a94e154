import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
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

/**
 * One execution environment: a child process running the runtime shim. It serves one
 * invocation at a time; once it dies (timeout, crash, init failure) it is never reused.
 */
export class FunctionInstance {
  readonly ready: Promise<void>;
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;
  private dead = false;
  private pending?: {
    requestId: string;
    settle: (outcome: InvocationOutcome) => void;
    /** The outcome, held until the invocation's output has arrived on both pipes. */
    outcome?: InvocationOutcome;
    marks: number;
    fallback?: NodeJS.Timeout;
  };

  constructor(private readonly options: InstanceOptions) {
    this.child = fork(RUNTIME_ENTRY, [], {
      cwd: options.assetDir,
      env: options.environment,
      // No loader of the emulator's own (tsx, vitest): the function's process is plain Node.
      // The heap limit makes a function that outgrows its MemorySize fail here as in Lambda
      // (where the limit is on the whole process, so this is never stricter).
      execArgv: [`--max-old-space-size=${options.memoryMB}`],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    // A send to an instance that just died fails here; its exit settles the invocation.
    this.child.on('error', (error) => options.log(`[${options.label}] ${error.message}`));
    this.forwardLines(this.child.stdout);
    this.forwardLines(this.child.stderr);
    this.exited = once(this.child, 'exit').then(() => undefined);
    this.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(failure('Runtime.InitTimeout', `Init did not finish in ${INIT_LIMIT_MS} ms`));
        this.kill();
      }, INIT_LIMIT_MS);
      this.child.on('message', (message: unknown) => {
        if (!isRuntimeMessage(message)) return;
        if (message.type === 'ready') {
          clearTimeout(timer);
          resolve();
        } else if (message.type === 'init-error') {
          clearTimeout(timer);
          // The shim exits after reporting; never hand this instance another event.
          this.dead = true;
          reject(message.error);
        } else {
          this.onRuntimeMessage(message);
        }
      });
      this.child.on('exit', (code, signal) => {
        clearTimeout(timer);
        this.dead = true;
        const reason = signal ? `signal: ${signal}` : `exit status ${code}`;
        const error = failure('Runtime.ExitError', `Runtime exited with error: ${reason}`);
        reject(error);
        // A crash reports its error before exiting: that error, if it came, is the outcome.
        this.settle(this.pending?.outcome ?? { status: 'error', error });
      });
    });
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
      this.pending = {
        requestId: message.requestId,
        marks: 0,
        settle: (outcome) => {
          clearTimeout(timer);
          resolve(outcome);
        },
      };
      this.child.send(message);
    });
  }

  /** Ends the process now; resolves once it has exited. */
  async kill(): Promise<void> {
    this.dead = true;
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }

  private onRuntimeMessage(message: RuntimeMessage): void {
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
    } else if (message.type === 'crash') {
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
    if (pending.marks >= 2) {
      this.settle(outcome);
      return;
    }
    // A function that closed its own stdout never marks it: do not wait for ever.
    pending.fallback = setTimeout(() => this.settle(outcome), OUTPUT_GRACE_MS);
  }

  private settle(outcome: InvocationOutcome): void {
    const pending = this.pending;
    this.pending = undefined;
    clearTimeout(pending?.fallback);
    pending?.settle(outcome);
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
    if (pending.marks >= 2 && pending.outcome) this.settle(pending.outcome);
  }
}

export function failure(errorType: string, errorMessage: string): FunctionErrorPayload {
  return { errorType, errorMessage, trace: [] };
}

function asPayload(error: unknown): FunctionErrorPayload {
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
