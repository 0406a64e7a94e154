import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isRecord, optionalNumber, optionalString } from './json';

/**
 * Who runs on a state directory. Written at start, removed only after a clean stop has
 * saved the queues: one found at start means the run that wrote it was killed (SIGKILL,
 * a crash, power lost) and every message its in-memory queues held is gone.
 */
export interface RunMarker {
  pid: number;
  startedAt: string;
}

/** What was left of the previous run; fields are missing when the marker was unreadable. */
export type UncleanStop = Partial<RunMarker>;

export class StateDirInUseError extends Error {
  override name = 'StateDirInUseError';
}

const FILE = 'running.json';

/**
 * Whether a process still runs. Signal 0 checks without sending (EPERM: it exists, as
 * another user's); but a killed process is a zombie until its new parent reaps it, which
 * in a container can take a while, and signal 0 cannot tell, so Linux's /proc is asked.
 */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  const stat = `/proc/${pid}/stat`;
  if (!existsSync('/proc/self/stat')) return true;
  try {
    // The state follows the command name, which is in parentheses and may hold spaces.
    const text = readFileSync(stat, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2, text.lastIndexOf(')') + 3) !== 'Z';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/**
 * Marks `stateDir` as this process's, and reports the marker an earlier run left behind.
 * A marker whose process still runs is refused: two emulators saving into one directory
 * would overwrite each other's queues. A marker naming this very process is stale (a pid
 * reused after a restart, as in a container).
 */
export async function claimStateDir(
  stateDir: string,
  options: { pid?: number; now?: Date; exists?: (pid: number) => boolean } = {},
): Promise<{ uncleanStop: UncleanStop | undefined }> {
  const pid = options.pid ?? process.pid;
  const file = path.join(stateDir, FILE);
  const previous = existsSync(file) ? await readMarker(file) : undefined;
  if (previous?.pid !== undefined && previous.pid !== pid) {
    if ((options.exists ?? processExists)(previous.pid)) {
      throw new StateDirInUseError(
        `${stateDir} is in use by process ${previous.pid} (started ${previous.startedAt}): ` +
          `stop it, use another state directory, or delete ${file} if that process is not an emulator`,
      );
    }
  }
  const marker: RunMarker = { pid, startedAt: (options.now ?? new Date()).toISOString() };
  await mkdir(stateDir, { recursive: true });
  // Written aside and renamed, so a crash mid-write never leaves half a marker.
  await writeFile(`${file}.tmp`, JSON.stringify(marker));
  await rename(`${file}.tmp`, file);
  return { uncleanStop: previous };
}

/** After a clean stop: the next start has nothing to recover. Leaves another run's marker. */
export async function releaseStateDir(stateDir: string, pid = process.pid): Promise<void> {
  const file = path.join(stateDir, FILE);
  if (!existsSync(file)) return;
  if ((await readMarker(file)).pid === pid) await rm(file, { force: true });
}

/** Any marker, even an unreadable one, still says the run did not stop cleanly. */
async function readMarker(file: string): Promise<UncleanStop> {
  try {
    const raw: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (!isRecord(raw)) return {};
    const pid = optionalNumber(raw.pid);
    const startedAt = optionalString(raw.startedAt);
    return {
      ...(pid !== undefined && Number.isInteger(pid) && pid > 0 ? { pid } : {}),
      ...(startedAt !== undefined ? { startedAt } : {}),
    };
  } catch (error) {
    if (error instanceof SyntaxError) return {};
    throw error;
  }
}
