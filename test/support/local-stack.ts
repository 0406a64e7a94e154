import { spawn } from 'node:child_process';
import { Socket } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { signalGroup, waitForGroupToEnd } from './process-group';

const REPO = path.resolve(import.meta.dirname, '..', '..');

/** `npm start` as a person runs it, in a process group of its own so one signal ends it all. */
export interface LocalStack {
  url: string;
  /** The process group: npm, tsx, the emulator and every function instance it forked. */
  pgid: number;
  /** Every line the stack printed so far. */
  output: string[];
  /** From spawn to the "ready" line. */
  readyMs: number;
  /**
   * SIGKILL to the whole group, as a power cut would. Resolves once no process of the group
   * is left and its port refuses connections, so a restart may bind it. Once only: a second
   * call waits for the first, since the pgid and the port may belong to others by then.
   */
  kill(): Promise<void>;
}

/** Keeps a group known outside this process, for a cleanup that runs if this one dies. */
export interface GroupRegistry {
  add(pgid: number): Promise<void>;
  delete(pgid: number): Promise<void>;
}

export interface LocalStackOptions {
  /** On top of this process's environment: PORT, DATABASE_URL and the like. */
  env: Record<string, string>;
  /** Each line the stack prints, to the calling project's log sink. */
  log: (line: string) => void;
  registry?: GroupRegistry;
  timeoutMs?: number;
}

/**
 * Spawns `npm start` and resolves once it prints that it is running; rejects (killing the
 * group) if it exits first or is not ready within `timeoutMs`.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const { log, registry, timeoutMs = 90_000 } = options;
  const started = performance.now();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: REPO,
    env: { ...process.env, ...options.env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pgid = child.pid;
  if (pgid === undefined) throw new Error('npm start could not be spawned');
  liveGroups.add(pgid);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const output: string[] = [];
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`npm start not ready in ${timeoutMs} ms`)),
      timeoutMs,
    );
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        output.push(line);
        log(`[npm start ${pgid}] ${line}`);
        const match = /is running at (http:\/\/\S+) \(ready in/.exec(line);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
    }
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited (${signal ?? code}) before it was ready`));
    });
  });
  // Awaited below, after the registry: an early failure must not count as unhandled meanwhile.
  ready.catch(() => {});
  let url: string | undefined;
  let killed: Promise<void> | undefined;
  const kill = () => {
    killed ??= (async () => {
      signalGroup(pgid, 'SIGKILL');
      await exited;
      await waitForGroupToEnd(pgid);
      // Known until now: a group that outlived the wait is still there for the cleanup.
      liveGroups.delete(pgid);
      await registry?.delete(pgid);
      if (url) await waitUntilRefused(Number(new URL(url).port), 10_000);
    })();
    return killed;
  };
  try {
    await registry?.add(pgid);
    url = await ready;
    return { url, pgid, output, readyMs: performance.now() - started, kill };
  } catch (error) {
    await kill();
    throw error;
  }
}

/** Groups not killed yet, killed if this worker exits without its afterAll (crash, timeout). */
const liveGroups = new Set<number>();

process.once('exit', () => {
  for (const pgid of liveGroups) {
    try {
      signalGroup(pgid, 'SIGKILL');
    } catch {
      // Exiting anyway; a registry's cleanup gets another chance at it.
    }
  }
});

/**
 * The group's end should free the port, but a process that left the group could still hold
 * it; the next start needs it, so this asks the port itself.
 */
async function waitUntilRefused(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const refused = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      socket.once('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', () => resolve(true));
      socket.connect(port, '127.0.0.1');
    });
    if (refused) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Port ${port} still accepts connections ${timeoutMs} ms after the kill`);
}
