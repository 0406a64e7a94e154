import { readdirSync, readFileSync } from 'node:fs';

/**
 * Process groups as the tests use them: `npm start` runs in a group of its own, so one
 * signal reaches npm, tsx, the emulator and every function instance it forked. Linux only
 * (it reads /proc), as the suites that kill things are.
 */

/** Signals one process (a negative pid: a whole group); one that has ended is no error. */
export function signalProcess(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  signalProcess(-pgid, signal);
}

/** The live processes of a group; zombies count as ended (they hold no port nor file). */
export function groupMembers(pgid: number): number[] {
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

/** The leader's exit says nothing of its children: this waits for the last of them. */
export async function waitForGroupToEnd(pgid: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (groupMembers(pgid).length > 0) {
    if (Date.now() > deadline) {
      throw new Error(`Processes of group ${pgid} still run: ${groupMembers(pgid).join(', ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A /proc file of a process, or undefined if it ended between the listing and the read. */
export function readIfRunning(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ESRCH') return undefined;
    throw error;
  }
}
