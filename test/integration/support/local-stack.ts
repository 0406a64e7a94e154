import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { recordFunctionLog } from './function-logs';

const REPO = path.resolve(import.meta.dirname, '..', '..', '..');

/** `npm start` as a person runs it: a child process group of its own, killed as a whole. */
export interface LocalStack {
  url: string;
  /** The process group: npx, tsx, the emulator and every function instance. */
  pgid: number;
  /** Every line the stack printed so far. */
  output: string[];
  /** Seconds from spawn to the "ready" line. */
  readySeconds: number;
  /** Sends a signal to the whole group; resolves when no process of the group is left. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** A port nothing listens on now (the stack binds it a moment later). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('No port was assigned');
  return address.port;
}

/**
 * Spawns `npx tsx local/start.ts` with `env` on top of this process's environment and
 * resolves once it prints that it is ready; rejects (and kills the group) if it exits or
 * is not ready within `timeoutMs`.
 */
export async function startLocalStack(
  env: Record<string, string>,
  timeoutMs = 90_000,
): Promise<LocalStack> {
  const started = performance.now();
  const child = spawn('npx', ['tsx', 'local/start.ts'], {
    cwd: REPO,
    env: { ...process.env, ...env },
    // Its own process group, so that one signal reaches every process it started.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pgid = child.pid;
  if (pgid === undefined) throw new Error('npm start could not be spawned');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const output: string[] = [];
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`npm start not ready in ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onLine = (line: string) => {
      output.push(line);
      recordFunctionLog(`[npm start ${pgid}] ${line}`);
      const match = /is running at (http:\/\/\S+) \(ready in/.exec(line);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) createInterface({ input: stream }).on('line', onLine);
    }
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited (${signal ?? code}) before it was ready`));
    });
  });
  const kill = async (signal: NodeJS.Signals) => {
    killGroup(pgid, signal);
    await exited;
    await waitForGroupToEnd(pgid);
  };
  try {
    const url = await ready;
    return { url, pgid, output, readySeconds: (performance.now() - started) / 1000, kill };
  } catch (error) {
    await kill('SIGKILL');
    throw error;
  }
}

function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch (error) {
    // ESRCH: every process of the group has ended already.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** The live processes of a group, from /proc (Linux); zombies count as ended. */
function groupMembers(pgid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readIfRunning(`/proc/${entry}/stat`);
    // After the command name (in parentheses, which may hold spaces): state, ppid, pgrp.
    const [state, , group] = stat?.slice(stat.lastIndexOf(')') + 2).split(' ') ?? [];
    if (Number(group) === pgid && state !== 'Z') pids.push(Number(entry));
  }
  return pids;
}

async function waitForGroupToEnd(pgid: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (groupMembers(pgid).length > 0) {
    if (Date.now() > deadline) {
      throw new Error(`Processes of group ${pgid} still run: ${groupMembers(pgid).join(', ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The pids of one function's instances in a stack's process group: the processes whose
 * AWS_LAMBDA_FUNCTION_NAME holds `-<shortName><hash>-`.
 */
export function functionInstancesOf(pgid: number, shortName: string): number[] {
  const name = new RegExp(`\\0AWS_LAMBDA_FUNCTION_NAME=[^\\0]*-${shortName}[0-9A-F]{8}-`);
  return groupMembers(pgid).filter((pid) => {
    const environ = readIfRunning(`/proc/${pid}/environ`);
    return environ !== undefined && name.test(`\0${environ}`);
  });
}

function readIfRunning(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    // The process ended between the listing and the read.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ESRCH') return undefined;
    throw error;
  }
}

/**
 * Keeps every instance of a function stopped (SIGSTOP), the ones the emulator starts later
 * too, until `stopWatching` (they stay stopped): what an instance was given stays
 * unfinished, and once every instance the function may have is stopped, the rest of its
 * work waits in the queue.
 */
export function freezeFunction(pgid: number, shortName: string) {
  const frozen = new Set<number>();
  const freeze = () => {
    for (const pid of functionInstancesOf(pgid, shortName)) {
      if (frozen.has(pid)) continue;
      killGroupMember(pid, 'SIGSTOP');
      frozen.add(pid);
    }
  };
  freeze();
  const timer = setInterval(freeze, 20);
  return {
    frozen,
    stopWatching() {
      clearInterval(timer);
    },
  };
}

function killGroupMember(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch (error) {
    // ESRCH: it ended (the emulator replaced it) between the look and the signal.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}
