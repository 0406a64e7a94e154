'use strict';
/*
 * One Lambda execution environment: the emulator forks this file once per instance of a
 * function, as the managed Node.js runtime starts once per instance. It loads the handler
 * from the function's asset (LAMBDA_TASK_ROOT, _HANDLER), then runs one event at a time
 * as the parent asks, keeping module state between invocations.
 *
 * Plain CommonJS on purpose: no TypeScript loader may sit in the function's process, since
 * the managed runtime has none, and a loader-free child starts in a fraction of the time.
 * The message shapes are typed on the parent's side in ./protocol.ts.
 */
const Module = require('node:module');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const util = require('node:util');
const { pathToFileURL } = require('node:url');

/*
 * Node 21 and later (the template's nodejs22.x) define `navigator`; Node 20 does not, and
 * libraries branch on it: pg, without it, sniffs for Cloudflare Workers by building a
 * `Response`, which loads all of fetch (about 20 ms of CPU at every cold start, here only).
 * Defined as Node 22 defines it, so that functions take the paths they take in Lambda.
 */
function defineNavigatorAsNode22Does() {
  if ('navigator' in globalThis) return;
  const platforms = { darwin: 'MacIntel', win32: 'Win32' };
  const arch = { x64: 'x86_64', arm64: 'aarch64' }[process.arch] ?? process.arch;
  // Getters, as Node's: `language` loads ICU's locale data (8 MB), only when read.
  const navigator = Object.freeze(
    Object.defineProperties(
      {},
      {
        hardwareConcurrency: { enumerable: true, get: () => os.availableParallelism() },
        language: { enumerable: true, get: () => Intl.DateTimeFormat().resolvedOptions().locale },
        platform: { enumerable: true, get: () => platforms[process.platform] ?? `Linux ${arch}` },
        userAgent: {
          enumerable: true,
          get: () => `Node.js/${process.versions.node.split('.')[0]}`,
        },
      },
    ),
  );
  Object.defineProperty(globalThis, 'navigator', {
    configurable: true,
    enumerable: true,
    get: () => navigator,
  });
}

const taskRoot = path.resolve(process.env.LAMBDA_TASK_ROOT || '.');
const handlerSetting = process.env._HANDLER || '';
/** The request being served; `undefined` during init, as in the Lambda log format. */
let currentRequestId;

/*
 * Written to stdout and stderr when an invocation ends, before its outcome is sent. Pipes
 * keep order, so once the emulator has read both marks it has every line the invocation
 * wrote (the IPC channel and the pipes are not ordered with one another). Keep in step
 * with END_OF_OUTPUT in protocol.ts.
 */
const END_OF_OUTPUT = '\u001b[emulator:end-of-output]';

function markEndOfOutput(requestId) {
  process.stdout.write(`${END_OF_OUTPUT}${requestId}\n`);
  process.stderr.write(`${END_OF_OUTPUT}${requestId}\n`);
}

/*
 * The process's resident memory now, sent with every outcome: where the emulator cannot read
 * /proc, this is what holds the instance to its MemorySize. (Not getrusage's peak: a forked
 * process inherits its parent's.)
 */
function rssBytes() {
  return process.memoryUsage.rss();
}

function send(message, then) {
  if (!process.connected) return then?.();
  process.send(message, undefined, {}, () => then?.());
}

function toErrorPayload(error) {
  // The shape the Node.js runtime reports: name, message and stack lines of an Error.
  if (error instanceof Error || (error && typeof error.stack === 'string')) {
    return {
      errorType: String(error.name ?? 'Error'),
      errorMessage: String(error.message ?? ''),
      trace: String(error.stack ?? '').split('\n'),
    };
  }
  return { errorType: typeof error, errorMessage: String(error), trace: [] };
}

function runtimeError(errorType, errorMessage) {
  const error = new Error(errorMessage);
  error.name = errorType;
  return error;
}

/** Lambda's text log format: every console line carries the time, request id and level. */
function patchConsole() {
  const levels = { log: 'INFO', info: 'INFO', warn: 'WARN', error: 'ERROR', debug: 'DEBUG' };
  for (const [method, level] of Object.entries(levels)) {
    const stream = level === 'ERROR' || level === 'WARN' ? process.stderr : process.stdout;
    console[method] = (...args) => {
      const line = `${new Date().toISOString()}\t${currentRequestId}\t${level}\t${util.format(...args)}\n`;
      stream.write(line);
    };
  }
}

/** In /var/task only a package.json inside the task root decides whether `.js` is ESM. */
function isModuleFile(file) {
  if (file.endsWith('.mjs')) return true;
  if (file.endsWith('.cjs')) return false;
  for (let dir = path.dirname(file); dir.startsWith(taskRoot); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        return JSON.parse(fs.readFileSync(manifest, 'utf8')).type === 'module';
      } catch {
        return false;
      }
    }
    if (dir === taskRoot) break;
  }
  return false;
}

/*
 * The asset lives inside the repository, whose package.json says "type": "module"; Node
 * would then load the CommonJS bundle as ESM. Lambda never sees that file, so `.js` under
 * the task root is compiled as CommonJS unless the task root itself says otherwise.
 */
const loadJs = Module._extensions['.js'];
Module._extensions['.js'] = function loadTaskRootJs(module, filename) {
  if (filename.startsWith(taskRoot + path.sep) && !isModuleFile(filename)) {
    module._compile(fs.readFileSync(filename, 'utf8'), filename);
    return;
  }
  loadJs.call(this, module, filename);
};

async function loadHandler() {
  const slash = handlerSetting.lastIndexOf('/');
  const file = handlerSetting.slice(slash + 1);
  const dot = file.indexOf('.');
  if (dot < 1) {
    throw runtimeError('Runtime.MalformedHandlerName', `Bad handler ${handlerSetting}`);
  }
  const moduleName = handlerSetting.slice(0, slash + 1) + file.slice(0, dot);
  const base = path.resolve(taskRoot, moduleName);
  const found = ['.js', '.mjs', '.cjs'].map((ext) => base + ext).find((f) => fs.existsSync(f));
  if (!found) {
    throw runtimeError('Runtime.ImportModuleError', `Error: Cannot find module '${moduleName}'`);
  }
  const exported = isModuleFile(found) ? await import(pathToFileURL(found).href) : require(found);
  const handler = file
    .slice(dot + 1)
    .split('.')
    .reduce((value, key) => (value == null ? undefined : value[key]), exported);
  if (typeof handler !== 'function') {
    throw runtimeError('Runtime.HandlerNotFound', `${handlerSetting} is undefined or not exported`);
  }
  return handler;
}

function contextFor(message) {
  const env = process.env;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: message.invokedFunctionArn,
    memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: message.requestId,
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
    identity: undefined,
    clientContext: undefined,
    getRemainingTimeInMillis: () => Math.max(0, message.deadline - Date.now()),
  };
}

/** An error nobody awaited: Lambda fails the invocation and discards the environment. */
function crash(error, errorType) {
  const payload = toErrorPayload(error);
  if (errorType) payload.errorType = errorType;
  console.error(`${payload.errorType}: ${payload.errorMessage}`);
  const requestId = currentRequestId;
  if (requestId) markEndOfOutput(requestId);
  send(
    requestId
      ? { type: 'error', requestId, error: payload, rssBytes: rssBytes() }
      : { type: 'crash', error: payload },
    () => process.exit(129),
  );
}

process.on('uncaughtException', (error) => crash(error));
process.on('unhandledRejection', (reason) =>
  crash(
    reason instanceof Error ? reason : new Error(String(reason)),
    'Runtime.UnhandledPromiseRejection',
  ),
);
// The emulator went away (or let this instance go): an environment never outlives it.
process.on('disconnect', () => process.exit(0));

/*
 * What runs once the event loop is empty, as the managed runtime's `beforeExit` listener: the
 * IPC channel (the runtime API here) is unref'd meanwhile, so that only the function's own
 * work (timers, sockets) keeps the loop alive, as in Lambda.
 */
let whenLoopEmpty;
process.on('beforeExit', () => {
  const run = whenLoopEmpty;
  if (!run) return;
  whenLoopEmpty = undefined;
  process.channel?.ref();
  setImmediate(run);
});

function runWhenLoopEmpty(run) {
  whenLoopEmpty = run;
  process.channel?.unref();
}

function stopWaitingForEmptyLoop() {
  whenLoopEmpty = undefined;
  process.channel?.ref();
}

/** Sends the invocation's outcome (once), then asks for the next event. */
function reportOutcome(requestId, error, result) {
  stopWaitingForEmptyLoop();
  let message;
  if (error === undefined) {
    try {
      const payload = JSON.stringify(result === undefined ? null : result);
      message = { type: 'result', requestId, payload, rssBytes: rssBytes() };
    } catch (cause) {
      error = runtimeError(
        'Runtime.SerializationError',
        `Unable to stringify response body: ${cause.message}`,
      );
    }
  }
  if (error !== undefined) {
    const payload = toErrorPayload(error);
    // The managed runtime logs every failed invocation this way before reporting it.
    console.error(`Invoke Error \t${JSON.stringify(payload)}`);
    message = { type: 'error', requestId, error: payload, rssBytes: rssBytes() };
  }
  markEndOfOutput(requestId);
  send(message);
  currentRequestId = undefined;
  // As the managed runtime asks for its next event only once this one is answered, and a
  // rejection nobody awaited is reported before any immediate runs: an instance that is
  // about to crash never asks, so the emulator never hands it an event it would lose.
  setImmediate(() => send({ type: 'next' }));
}

/*
 * One event, as nodejs22.x runs it: the handler gets a callback too. A returned promise
 * answers as soon as it settles. Otherwise `callback(error)` answers at once, and
 * `callback(null, result)` once the event loop is empty, or at once when the handler set
 * `context.callbackWaitsForEmptyEventLoop = false`. A handler that never calls back, or
 * whose promise never settles, answers null once the loop is empty (the runtime's default
 * `beforeExit` listener), not at its timeout.
 */
function invoke(handler, message) {
  const { requestId } = message;
  currentRequestId = requestId;
  // As the managed runtime does with Lambda-Runtime-Trace-Id: the X-Ray SDK reads the
  // invocation's trace from here.
  if (message.traceId) process.env._X_AMZN_TRACE_ID = message.traceId;
  else delete process.env._X_AMZN_TRACE_ID;
  let answered = false;
  const answer = (error, result) => {
    if (answered) return;
    answered = true;
    reportOutcome(requestId, error, result);
  };
  const context = contextFor(message);
  const callback = (error, result) => {
    if (error !== undefined && error !== null) answer(error);
    else if (context.callbackWaitsForEmptyEventLoop === false) answer(undefined, result);
    else runWhenLoopEmpty(() => answer(undefined, result));
  };
  runWhenLoopEmpty(() => answer(undefined, null));
  let returned;
  try {
    returned = handler(JSON.parse(message.event), context, callback);
  } catch (error) {
    answer(error);
    return;
  }
  if (returned && typeof returned.then === 'function') {
    returned.then(
      (result) => answer(undefined, result),
      (error) => answer(error ?? runtimeError('Error', String(error))),
    );
  }
}

async function main() {
  patchConsole();
  defineNavigatorAsNode22Does();
  let handler;
  try {
    handler = await loadHandler();
  } catch (error) {
    console.error(`${error?.name}: ${error?.message}`);
    send({ type: 'init-error', error: toErrorPayload(error) }, () => process.exit(1));
    return;
  }
  process.on('message', (message) => {
    if (message?.type === 'invoke') invoke(handler, message);
  });
  // What the init cost: memory held, and CPU used (wall time is the emulator's to measure).
  const cpu = process.cpuUsage();
  send({ type: 'ready', rssBytes: rssBytes(), cpuMs: (cpu.user + cpu.system) / 1000 });
}

main();
