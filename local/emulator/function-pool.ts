import { randomBytes, randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { FunctionInstance, type InstanceStats, type InvocationOutcome } from './function-instance';
import type { FunctionSpec } from './stack-model';
import { newTraceHeader, type TraceDaemon } from './traces';

export type PoolOutcome = InvocationOutcome | { status: 'throttled' };

/**
 * What to do when every allowed instance is busy. `throttle`: refuse, as Lambda refuses an
 * invoke of a function at its reserved concurrency (API Gateway then answers 500; an SQS
 * mapping retries while its batch is invisible). `wait`: queue, as Lambda retries throttled
 * asynchronous invocations, and for functions without reserved concurrency, whose local cap
 * stands for AWS's far larger account limit.
 */
export type WhenBusy = 'throttle' | 'wait';

/** Without reserved concurrency a function may scale far in AWS; one machine cannot. */
export const LOCAL_CONCURRENCY_CAP = 10;

/**
 * Inits that may run at once, across every function. Lambda starts each environment on
 * hardware of its own; here they share a few cores, and twenty processes starting together
 * each take twenty times as long, past Lambda's 10 s init limit on a small machine. Queued,
 * each init gets about the CPU Lambda would give it, and its 10 s count from its own start.
 */
const initSlots = {
  free: Math.max(2, availableParallelism()),
  waiting: [] as (() => void)[],
  async take(): Promise<void> {
    if (this.free > 0) {
      this.free -= 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  },
  give(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free += 1;
  },
};

/** The instances of one function: created on demand up to its concurrency, reused after. */
export class FunctionPool {
  readonly limit: number;
  private readonly instances = new Set<FunctionInstance>();
  private readonly idle: FunctionInstance[] = [];
  private readonly waiting: (() => void)[] = [];
  private busy = 0;
  private stopping = false;
  private drained?: () => void;

  constructor(
    readonly spec: FunctionSpec,
    private readonly environment: Record<string, string>,
    private readonly log: (line: string) => void,
    private readonly traces?: Pick<TraceDaemon, 'invoked'>,
  ) {
    this.limit = spec.reservedConcurrency ?? LOCAL_CONCURRENCY_CAP;
  }

  /** Invocations running or queued for an instance. */
  get inFlight(): number {
    return this.busy + this.waiting.length;
  }

  /**
   * Process ids of the live instances (`busy`: only those handling an event now), so tests
   * can kill them as Lambda may lose an execution environment. A dead instance is dropped
   * and the next event gets a new one.
   */
  pids(which: 'all' | 'busy' = 'all'): number[] {
    return [...this.instances]
      .filter((instance) => !instance.isDead && (which === 'all' || instance.isBusy))
      .flatMap((instance) => (instance.pid === undefined ? [] : [instance.pid]));
  }

  /** What each live instance measured of itself: init duration, memory, invocations. */
  stats(): InstanceStats[] {
    return [...this.instances].filter((instance) => !instance.isDead).map((i) => i.stats);
  }

  /** Starts one instance ahead of the first event; resolves when it is ready or failed. */
  async prewarm(): Promise<void> {
    if (this.limit === 0 || this.stopping) return;
    const instance = await this.spawn().catch(() => undefined);
    if (!instance) return;
    this.idle.push(instance);
    try {
      await instance.ready;
    } catch (error) {
      this.log(`[${this.spec.shortName}] init failed: ${describe(error)}`);
    }
  }

  async invoke(event: unknown, whenBusy: WhenBusy): Promise<PoolOutcome> {
    if (this.stopping) throw new Error(`${this.spec.shortName} is stopping`);
    if (this.limit === 0) return { status: 'throttled' };
    if (this.busy >= this.limit) {
      if (whenBusy === 'throttle') return { status: 'throttled' };
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.busy += 1;
    }
    let instance: FunctionInstance | undefined;
    try {
      instance = this.takeIdle() ?? (await this.spawn());
      const requestId = randomUUID();
      // A new trace per invocation, as Lambda starts one for a request that carries none.
      const traceId = newTraceHeader(this.spec.tracing === 'Active');
      this.traces?.invoked(this.spec.shortName, requestId, traceId);
      return await instance.invoke(
        {
          type: 'invoke',
          requestId,
          event: JSON.stringify(event),
          deadline: Date.now() + this.spec.timeoutSeconds * 1000,
          invokedFunctionArn: this.spec.arn,
          traceId,
        },
        this.spec.timeoutSeconds * 1000,
      );
    } finally {
      if (instance?.isDead) this.instances.delete(instance);
      else if (instance) this.idle.push(instance);
      this.release();
    }
  }

  /** Lets running and queued invocations finish, then ends every instance. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.inFlight > 0) await new Promise<void>((resolve) => (this.drained = resolve));
    await Promise.all([...this.instances].map((instance) => instance.kill()));
    this.instances.clear();
    this.idle.length = 0;
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) {
      // The slot passes straight to the next waiter: `busy` stays the same.
      next();
      return;
    }
    this.busy -= 1;
    if (this.busy === 0) this.drained?.();
  }

  private takeIdle(): FunctionInstance | undefined {
    for (let instance = this.idle.pop(); instance; instance = this.idle.pop()) {
      if (!instance.isDead) return instance;
      this.instances.delete(instance);
    }
    return undefined;
  }

  /** A new instance, once an init slot is free; the slot is given back when its init ends. */
  private async spawn(): Promise<FunctionInstance> {
    await initSlots.take();
    // Stopped while it waited for a slot (a start ahead not awaited, `readyBeforeInit`): a
    // process spawned now would outlive the pool.
    if (this.stopping) {
      initSlots.give();
      throw new Error(`${this.spec.shortName} is stopping`);
    }
    const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
    const instance = new FunctionInstance({
      label: this.spec.shortName,
      assetDir: this.spec.assetDir,
      memoryMB: this.spec.memoryMB,
      log: this.log,
      environment: {
        ...this.environment,
        AWS_LAMBDA_LOG_STREAM_NAME: `${day}/[$LATEST]${randomBytes(16).toString('hex')}`,
      },
    });
    this.instances.add(instance);
    const giveBack = () => initSlots.give();
    instance.ready.then(giveBack, giveBack);
    return instance;
  }
}

function describe(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'errorMessage' in error) {
    return String(error.errorMessage);
  }
  return String(error);
}
