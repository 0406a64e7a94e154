import { readFileSync } from 'node:fs';
import type pg from 'pg';

/**
 * CPU time spent by this process and by the PostgreSQL backends serving a database, in
 * milliseconds. Wall-clock figures on a shared machine move with everything else running;
 * CPU per feedback does not, and says what two idle cores could do. Backends are read from
 * /proc (Linux, same machine); elsewhere their share is reported as unknown.
 */
export async function cpuMeter(
  db: pg.Pool,
): Promise<() => { nodeMs: number; pgMs: number | null }> {
  const { rows } = await db.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid()`,
  );
  const pids = rows.map((row) => row.pid);
  const pgStart = backendsMs(pids);
  const nodeStart = process.cpuUsage();
  return () => {
    const node = process.cpuUsage(nodeStart);
    const pgEnd = backendsMs(pids);
    return {
      nodeMs: (node.user + node.system) / 1000,
      pgMs: pgStart === null || pgEnd === null ? null : pgEnd - pgStart,
    };
  };
}

function backendsMs(pids: readonly number[]): number | null {
  try {
    const ticksPerMs = 100 / 1000; // USER_HZ is 100 on Linux
    let ticks = 0;
    for (const pid of pids) {
      // Fields after the command name: utime and stime are the 12th and 13th.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      ticks += Number(fields[11]) + Number(fields[12]);
    }
    return Number.isFinite(ticks) ? ticks / ticksPerMs : null;
  } catch {
    return null;
  }
}
