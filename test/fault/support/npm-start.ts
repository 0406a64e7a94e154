import { spawn } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { Socket } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { inject } from 'vitest';
import type { LogLines } from './fault-system';

const REPO = path.resolve(import.meta.dirname, '..', '..', '..');

/** `npm start` as a person runs it, in a process group of its own so one signal ends it all. */
export interface NpmStart {
  url: string;
  /** The process group: npm, tsx, the emulator and every function instance it forked. */
  pgid: number;
  readyMs: number;
  /** SIGKILL to the whole group, as a power cut would; resolves once its port is free. Idempotent. */
  kill(): Promise<void>;
}

/**
 * Spawns `npm start` with `env` over this process's environment and resolves once it says
 * it is running; rejects (killing the group) if it exits first or takes over `timeoutMs`.
 */
export async function startNpmStart(
  env: Record<string, string>,
  logs: LogLines,
  timeoutMs = 60_000,
): Promise<NpmStart> {
  const root = inject('faultRoot');
  const started = performance.now();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: REPO,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pgid = child.pid;
  if (pgid === undefined) throw new Error('npm start could not be spawned');
  // Should this worker die before killing it, the group is killed on exit, or else by the
  // global teardown, which finds it by this file.
  const groupFile = path.join(root, `npm-start-${pgid}`);
  await writeFile(groupFile, String(pgid));
  liveGroups.add(pgid);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`npm start not ready in ${timeoutMs} ms`)),
      timeoutMs,
    );
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        logs.record(`[npm start] ${line}`);
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
  const port = Number(env.PORT);
  let killed: Promise<void> | undefined;
  // Once only: after that the port may belong to the next start.
  const kill = () => {
    killed ??= killGroup();
    return killed;
  };
  const killGroup = async () => {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch (error) {
      // ESRCH: the whole group has ended already.
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
    await exited;
    liveGroups.delete(pgid);
    await rm(groupFile, { force: true });
    await waitUntilRefused(port, 10_000);
  };
  try {
    const url = await ready;
    return { url, pgid, readyMs: performance.now() - started, kill };
  } catch (error) {
    await kill();
    throw error;
  }
}

const liveGroups = new Set<number>();

process.once('exit', () => {
  for (const pgid of liveGroups) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
});

/** The emulator's listening socket goes with its process; the next start needs the port. */
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
