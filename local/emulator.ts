/**
 * The Docker-free local emulator: runs the synthesized CDK template (HTTP API, Lambda
 * functions, SQS queues and event source mappings, DynamoDB tables, scheduled rules) on one
 * machine, with AWS's semantics wherever they show to the code or to a client.
 *
 * Known fidelity gaps (what differs from AWS, on purpose or because the pieces lack it):
 * - No IAM: every function may call every local resource; grants in the template are not
 *   checked. Authorizers (JWT, Lambda, IAM) on routes are refused at start, not skipped.
 * - DynamoDB is dynalite: no TTL (items never expire), no streams, no transactions
 *   (TransactWriteItems, TransactGetItems), no PartiQL, no capacity throttling; tables are
 *   in memory and empty at every start, `stateDir` or not.
 * - SQS is fauxqs: MessageRetentionPeriod is not enforced; SenderId is the account id.
 * - `visibilityTimeoutSeconds` (a test knob) replaces every queue's VisibilityTimeout.
 * - With `stateDir`, queue contents survive a restart but are sent anew: receive counts and
 *   first-receive times restart at 0, messages in flight are visible again at once, and
 *   FIFO deduplication ids are renewed. They are saved by a clean stop only: a killed run
 *   loses them (queues live in memory), which the next start detects and reports to
 *   `afterUncleanStop`.
 * - Lambda: instances are Node.js child processes on this machine's Node version, not the
 *   template's Runtime (the AWS SDK's Node 20 support warning is silenced; on Node 20
 *   `navigator` is defined as Node 22 has it), started with the managed runtime's heap
 *   flags for their MemorySize; they are not frozen between
 *   invocations (timers keep running); without reserved concurrency a function gets at most
 *   10 instances (AWS: the account limit), and requests beyond that wait instead of being
 *   throttled. No layers, no container images, no extensions; an init is limited
 *   to 10 s and a failed one is retried on the next invocation, as in AWS. Asynchronous
 *   invocations (schedules) are not retried on error.
 * - X-Ray: each invocation gets a new trace header (Sampled=1 where TracingConfig is
 *   Active) and a daemon on loopback keeps what the functions send (`traces()`); the
 *   segments Lambda itself writes (the function's, Initialization, Overhead) are not made,
 *   and nothing is sent to X-Ray.
 * - MemorySize holds the whole process, as Lambda's cgroup does, but counts its resident
 *   memory only (not page cache), read while it runs code from /proc every 20 ms (Linux;
 *   elsewhere only as each invocation ends, so a runaway invocation runs to its timeout).
 *   CPU does not scale with MemorySize: every instance may use a whole core of this machine.
 * - Each invocation is logged between Lambda's START and END lines, then its REPORT line;
 *   its Init Duration is on the first invocation of each instance, the one started ahead at
 *   start included, for which no request waited. An init that fails logs its INIT_REPORT
 *   line, and the invocation that waited on it no START, END or REPORT line.
 * - Callback handlers `(event, context, callback)` run as on nodejs22.x (Node 24 dropped
 *   them), and what is pending once they answer runs on between invocations (see above).
 * - API Gateway: one HTTP API, `$default` stage only, plain HTTP; no throttling settings,
 *   CORS configuration, custom domains or access logs. `requestContext.domainName` is the
 *   Host header (with its port). Which request bodies arrive base64-encoded follows
 *   observed AWS behaviour (see http-event.ts).
 * - Event source mappings: SQS only, no FilterCriteria; without ScalingConfig at most 5
 *   concurrent batches (AWS starts at 5 and scales up). A batch throttled at the function's
 *   reserved concurrency is retried every 0.1-1 s until its visibility timeout (AWS's
 *   pacing is undocumented), then comes back with its receive count grown.
 * - Scheduled rules: rate() only (cron() is refused at start); the first firing comes one
 *   period after start. Rules with event patterns do nothing (there is no event bus).
 * - SQS (fauxqs, which has no authentication), DynamoDB and the HTTP API listen on
 *   loopback only (fauxqs's fixed 0.0.0.0 is moved there, see loopback-listen.ts).
 */
import path from 'node:path';
import { readStackArtifact, synthesize } from './emulator/assembly';
import { shortNameOf } from './emulator/aws-identity';
import { drainWork } from './emulator/drain';
import type { InstanceStats } from './emulator/function-instance';
import { FunctionPool, type PoolOutcome, type WhenBusy } from './emulator/function-pool';
import { listenHttpGateway } from './emulator/http-gateway';
import { lambdaEnvironment } from './emulator/lambda-environment';
import { createQueues, createTables, startLocalServices } from './emulator/local-services';
import { restoreQueues, saveQueues } from './emulator/queue-state';
import { claimStateDir, releaseStateDir, type UncleanStop } from './emulator/run-marker';
import { fireTargets, ScheduleRunner } from './emulator/schedules';
import { SqsPoller } from './emulator/sqs-poller';
import { readStackModel, type ScheduleSpec } from './emulator/stack-model';
import { reuseOrSynthesize } from './emulator/synth-inputs';
import { type InvocationTrace, startTraceDaemon } from './emulator/traces';
import type { FunctionErrorPayload } from './runtime/protocol';

export type { InstanceStats, InvocationTrace };
export { synthesize };

export interface EmulatorOptions {
  /** HTTP API port; 0 picks a free one. Default 3000. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** An existing cloud assembly to run; without it the app is synthesized into `outdir`. */
  assemblyDir?: string;
  /** Where to synthesize; default `<repo>/cdk.out/local`. */
  outdir?: string;
  /** Given to every function on top of the template's variables (DATABASE_URL, ...). */
  environment: Record<string, string>;
  /**
   * Given to one function on top of `environment`, by the function's logical id without
   * its hash (`Learn`): e.g. a test that gives `learn` a Redis it cannot reach.
   */
  functionEnvironment?: Record<string, Record<string, string>>;
  /** Test knob: replaces every queue's VisibilityTimeout (a documented fidelity gap). */
  visibilityTimeoutSeconds?: number;
  /** Fire scheduled rules on their rate; default true. */
  schedules?: boolean;
  /**
   * Queue contents are saved here on stop and restored on start; no persistence without.
   * A marker here tells the next start whether this run stopped cleanly (see run-marker.ts).
   */
  stateDir?: string;
  /**
   * With `stateDir`, when the previous run did not stop cleanly (its queues' messages are
   * lost): called once the functions, the API and the event source mappings run, before
   * the schedules and before the start resolves; if it throws, the start fails. Only the
   * application knows what it had sent (`npm start` has its outbox resent).
   */
  afterUncleanStop?: (emulator: Emulator, previous: UncleanStop) => Promise<void>;
  /** Function logs and emulator events; default: standard output. */
  log?: (line: string) => void;
  /**
   * Log every X-Ray segment the functions send, one line each (`npm start` with
   * EMULATOR_TRACES=1). Kept for `traces()` either way.
   */
  logTraces?: boolean;
  /**
   * Serve before every function's first instance has finished its init (`npm start`: ready
   * about 1.5 s sooner; a request that comes first waits for the init, or starts an instance
   * of its own). Off by default, so that tests meet the instances started ahead.
   */
  readyBeforeInit?: boolean;
}

export interface Emulator {
  /** `http://127.0.0.1:<port>` */
  url: string;
  sqsEndpoint: string;
  dynamodbEndpoint: string;
  /** By the template's logical id. */
  queues: Record<string, { url: string; arn: string; name: string }>;
  /** The URL of the one queue whose logical id starts so (`FeedbackQueue`); throws otherwise. */
  queueUrl(logicalIdPrefix: string): string;
  /**
   * Resolves once every queue an event source mapping reads is empty (nothing visible, in
   * flight or delayed) and no function is running; rejects after the timeout with what is left.
   */
  drain(timeoutMs?: number): Promise<void>;
  /** Fires every scheduled rule now and waits for its targets; rejects if one failed. */
  fireSchedules(): Promise<void>;
  /** Invokes a function directly, as the synchronous Invoke API does; function errors reject. */
  invoke(logicalIdPrefix: string, event: unknown): Promise<unknown>;
  /**
   * Process ids of a function's live instances (each a child process), or only of those
   * handling an event now (`busy`). For fault tests: kill one and the emulator reports the
   * invocation as Runtime.ExitError, as Lambda does, and starts a new instance for the next.
   */
  functionPids(logicalIdPrefix: string, which?: 'all' | 'busy'): number[];
  /**
   * What each live instance of a function measured of itself (init duration, resident
   * memory after init and at its peak, invocations served), for benchmarks.
   */
  functionInstances(logicalIdPrefix: string): InstanceStats[];
  /**
   * The X-Ray trace of each recent invocation (the last 500), oldest first: its trace id,
   * function and the segment documents it sent to the local daemon so far. Documents travel
   * by UDP, apart from the answer: one may arrive a moment after the invocation ended.
   */
  traces(): InvocationTrace[];
  /** Stops taking work, lets work in flight finish, saves queues (stateDir), shuts down. */
  stop(): Promise<void>;
}

/** A function's error, as the Invoke API reports it. */
export class FunctionInvocationError extends Error {
  override name = 'FunctionInvocationError';
  readonly errorType: string;
  readonly trace: string[];

  constructor(functionName: string, error: FunctionErrorPayload) {
    super(`${functionName} failed: ${error.errorType}: ${error.errorMessage}`);
    this.errorType = error.errorType;
    this.trace = error.trace;
  }
}

/** Its own directory: `cdk synth` of another stage into cdk.out must not replace what it reuses. */
export const DEFAULT_OUTDIR = path.resolve(import.meta.dirname, '..', 'cdk.out', 'local');
const DEFAULT_DRAIN_TIMEOUT_MS = 15_000;
/** Lambda polls SQS with five concurrent batches until it scales up. */
const DEFAULT_POLLERS = 5;

/** The local stage's assembly in `outdir`: the one already there if nothing it is made from changed. */
async function assemblyFor(outdir = DEFAULT_OUTDIR, log: (line: string) => void): Promise<string> {
  const started = performance.now();
  const { assemblyDir, reused } = await reuseOrSynthesize(outdir, synthesize);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  log(
    `[emulator] ${reused ? 'reused the assembly (nothing it is made from changed)' : 'synthesized'} in ${seconds} s`,
  );
  return assemblyDir;
}

export async function startEmulator(options: EmulatorOptions): Promise<Emulator> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  // Claimed first, so a directory in use fails fast; a start that fails later leaves the
  // marker, and the next start recovers, which costs duplicates at most.
  const { uncleanStop } = options.stateDir
    ? await claimStateDir(options.stateDir)
    : { uncleanStop: undefined };
  const assemblyDir = options.assemblyDir ?? (await assemblyFor(options.outdir, log));
  const artifact = await readStackArtifact(assemblyDir);
  const services = await startLocalServices();
  const started: (() => Promise<void>)[] = [() => services.stop()];
  const undo = async () => {
    for (const stop of started.reverse()) await stop().catch(() => undefined);
  };
  try {
    const traceDaemon = await startTraceDaemon(options.logTraces ? log : undefined);
    started.push(() => traceDaemon.close());
    const gateway = await listenHttpGateway(options.host ?? '127.0.0.1', options.port ?? 3000, log);
    started.push(() => gateway.close());
    const model = readStackModel(artifact, {
      endpoints: { queueUrl: services.queueUrl, apiUrl: gateway.url },
      visibilityTimeoutSeconds: options.visibilityTimeoutSeconds,
      environmentOverrides: new Set([
        ...Object.keys(options.environment),
        ...Object.values(options.functionEnvironment ?? {}).flatMap(Object.keys),
      ]),
    });
    for (const note of model.notes) log(`[emulator] ${note}`);
    for (const name of Object.keys(options.functionEnvironment ?? {})) {
      if (!model.functions.some((spec) => spec.shortName === name)) {
        throw new Error(`functionEnvironment names no function of the stack: ${name}`);
      }
    }
    createQueues(services, model.queues);
    await createTables(services, model.tables);
    const restored = options.stateDir
      ? await restoreQueues(options.stateDir, services.sqs, model.queues, log)
      : 0;

    const pools = new Map(
      model.functions.map((spec) => [
        spec.logicalId,
        new FunctionPool(
          spec,
          lambdaEnvironment(
            spec,
            {
              sqsEndpoint: services.sqsEndpoint,
              dynamodbEndpoint: services.dynamodbEndpoint,
              xrayDaemonAddress: traceDaemon.address,
            },
            { ...options.environment, ...options.functionEnvironment?.[spec.shortName] },
          ),
          log,
          traceDaemon,
        ),
      ]),
    );
    started.push(async () => {
      await Promise.all([...pools.values()].map((pool) => pool.stop()));
    });
    const poolOf = (logicalId: string): FunctionPool => {
      const pool = pools.get(logicalId);
      if (!pool) throw new Error(`No function ${logicalId} in the stack`);
      return pool;
    };
    const invoke = (logicalId: string, event: unknown, whenBusy: WhenBusy): Promise<PoolOutcome> =>
      poolOf(logicalId).invoke(event, whenBusy);

    const fireRule = (rule: ScheduleSpec) =>
      fireTargets(rule, (target, event) => invoke(target, event, 'wait'));
    const schedules =
      options.schedules === false
        ? undefined
        : new ScheduleRunner(model.schedules, async (rule) => {
            for (const failure of await fireRule(rule)) log(`[schedule] ${failure}`);
          });

    const prewarmStarted = performance.now();
    const prewarmed = Promise.all([...pools.values()].map((pool) => pool.prewarm())).then(() => {
      const seconds = ((performance.now() - prewarmStarted) / 1000).toFixed(1);
      log(`[emulator] ${pools.size} functions initialised in ${seconds} s`);
    });
    if (options.readyBeforeInit !== true) await prewarmed;
    gateway.serve(model.api, {
      invoke,
      whenBusy: (logicalId) =>
        poolOf(logicalId).spec.reservedConcurrency === undefined ? 'wait' : 'throttle',
    });
    const pollers = model.eventSourceMappings.map((mapping) => {
      const queue = model.queues.find((q) => q.logicalId === mapping.queueLogicalId);
      const pool = poolOf(mapping.functionLogicalId);
      if (!queue) throw new Error(`Event source mapping ${mapping.logicalId} has no queue`);
      const poller = new SqsPoller({
        sqs: services.sqs,
        mapping,
        queueUrl: queue.url,
        queueArn: queue.arn,
        concurrency: mapping.maximumConcurrency ?? Math.min(DEFAULT_POLLERS, pool.limit),
        visibilityTimeoutSeconds: Number(queue.attributes.VisibilityTimeout ?? 30),
        // Throttled at its reserved concurrency, as Lambda throttles a mapping whose
        // MaximumConcurrency exceeds it; without one, the local cap is no AWS limit: wait.
        invoke: (event) =>
          pool.invoke(event, pool.spec.reservedConcurrency === undefined ? 'wait' : 'throttle'),
        log,
        label: `${shortNameOf(queue.logicalId)} -> ${pool.spec.shortName}`,
      });
      poller.start();
      return poller;
    });
    started.push(async () => {
      await Promise.all(pollers.map((poller) => poller.stop()));
    });

    const restoredNote = restored > 0 ? `, ${restored} saved messages restored` : '';
    log(
      `[emulator] ${model.stackName} at ${gateway.url} (${model.functions.length} functions${restoredNote})`,
    );

    let stopping: Promise<void> | undefined;
    const stop = async () => {
      await schedules?.stop();
      await gateway.close();
      await Promise.all(pollers.map((poller) => poller.stop()));
      await Promise.all([...pools.values()].map((pool) => pool.stop()));
      if (options.stateDir) {
        const saved = await saveQueues(options.stateDir, services.fauxqs, model.queues);
        if (saved > 0) log(`[emulator] ${saved} messages saved for the next start`);
      }
      await services.stop();
      await traceDaemon.close();
      // Last: a stop interrupted before this point is recovered from at the next start.
      if (options.stateDir) await releaseStateDir(options.stateDir);
    };
    const emulator: Emulator = {
      url: gateway.url,
      sqsEndpoint: services.sqsEndpoint,
      dynamodbEndpoint: services.dynamodbEndpoint,
      queues: Object.fromEntries(
        model.queues.map((q) => [q.logicalId, { url: q.url, arn: q.arn, name: q.name }]),
      ),
      queueUrl: (prefix) => {
        const logicalId = pickByPrefix(
          model.queues.map((q) => q.logicalId),
          prefix,
          'queue',
        );
        return model.queues.find((q) => q.logicalId === logicalId)?.url ?? '';
      },
      drain: (timeoutMs = DEFAULT_DRAIN_TIMEOUT_MS) =>
        drainWork(model, services.fauxqs, pools, timeoutMs),
      fireSchedules: async () => {
        const failures = (await Promise.all(model.schedules.map(fireRule))).flat();
        if (failures.length > 0)
          throw new Error(`Scheduled targets failed: ${failures.join('; ')}`);
      },
      invoke: async (prefix, event) => {
        const pool = poolOf(pickByPrefix([...pools.keys()], prefix, 'function'));
        const outcome = await pool.invoke(event, 'throttle');
        if (outcome.status === 'ok') return outcome.payload;
        if (outcome.status === 'throttled') {
          throw Object.assign(new Error(`${pool.spec.shortName}: Rate Exceeded.`), {
            name: 'TooManyRequestsException',
          });
        }
        throw new FunctionInvocationError(pool.spec.shortName, outcome.error);
      },
      functionPids: (prefix, which = 'all') =>
        poolOf(pickByPrefix([...pools.keys()], prefix, 'function')).pids(which),
      functionInstances: (prefix) =>
        poolOf(pickByPrefix([...pools.keys()], prefix, 'function')).stats(),
      traces: () => traceDaemon.traces(),
      stop: () => {
        stopping ??= stop();
        return stopping;
      },
    };
    if (uncleanStop) {
      const { pid = 'unknown', startedAt = 'at an unknown time' } = uncleanStop;
      log(
        `[emulator] the previous run (pid ${pid}, started ${startedAt}) did not stop cleanly: ` +
          'the messages its queues held were lost',
      );
      await options.afterUncleanStop?.(emulator, uncleanStop);
    }
    schedules?.start();
    started.push(async () => schedules?.stop());
    return emulator;
  } catch (error) {
    await undo();
    throw error;
  }
}

/** The logical id named exactly (without its hash) or else by a unique prefix. */
function pickByPrefix(logicalIds: string[], prefix: string, what: string): string {
  const exact = logicalIds.filter((id) => shortNameOf(id) === prefix || id === prefix);
  const candidates = exact.length > 0 ? exact : logicalIds.filter((id) => id.startsWith(prefix));
  const [only, ...others] = candidates;
  if (!only) throw new Error(`No ${what} whose logical id starts with "${prefix}"`);
  if (others.length > 0) {
    throw new Error(`"${prefix}" names several ${what}s: ${candidates.join(', ')}`);
  }
  return only;
}
