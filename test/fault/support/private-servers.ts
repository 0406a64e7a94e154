import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import {
  appendFile,
  chmod,
  chown,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  writeFile,
} from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../support/free-port';
import type { GroupRegistry } from '../../support/local-stack';
import { PrivateRedis } from '../../support/private-redis';
import { signalGroup, signalProcess } from '../../support/process-group';

/**
 * PostgreSQL and Redis servers of the fault suite's own, on free loopback ports, in a
 * directory the suite removes: the suite kills, freezes and restarts them, which it must
 * never do to the machine's services that other suites and people are using.
 */

const run = promisify(execFile);

/** The machine's PostgreSQL server binaries (initdb, pg_ctl): pg_config's, else the newest. */
async function postgresBinDir(): Promise<string> {
  const candidates: string[] = [];
  try {
    candidates.push((await run('pg_config', ['--bindir'])).stdout.trim());
  } catch {
    // No pg_config (client-only installs lack it): look where Debian and Ubuntu put servers.
  }
  const debianRoot = '/usr/lib/postgresql';
  if (existsSync(debianRoot)) {
    const versions = (await readdir(debianRoot)).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((version) => path.join(debianRoot, version, 'bin')));
  }
  const found = candidates.find((dir) => existsSync(path.join(dir, 'initdb')));
  if (!found) {
    throw new Error(
      `The fault suite needs PostgreSQL's server binaries (initdb, pg_ctl); looked in: ${candidates.join(', ') || 'nothing found'}`,
    );
  }
  return found;
}

/**
 * initdb and postgres refuse to run as root. As root (CI containers) they run as the
 * `postgres` account, which owns the data directory; on a developer's machine, as oneself.
 */
interface ServerAccount {
  command(binary: string, args: string[]): [string, string[]];
  own(target: string): Promise<void>;
}

async function serverAccount(): Promise<ServerAccount> {
  if (process.getuid?.() !== 0) {
    return { command: (binary, args) => [binary, args], own: async () => {} };
  }
  const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
  const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) {
    throw new Error('Running as root, the fault suite needs a "postgres" account to run initdb');
  }
  return {
    command: (binary, args) => ['runuser', ['-u', 'postgres', '--', binary, ...args]],
    own: (target) => chown(target, uid, gid),
  };
}

export interface PrivatePostgres {
  port: number;
  /** A URL for one database of this server (as the trusted superuser `postgres`). */
  databaseUrl(database: string): string;
  /** The maintenance database, which every fresh server has: databases are made through it. */
  maintenanceUrl: string;
  /** `pg_ctl stop -m immediate`: the server dies without a checkpoint, as in a crash. */
  kill(): Promise<void>;
  /** Starts the server again on the same port; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops the server (immediately) and removes its directory. */
  remove(): Promise<void>;
}

export const PRIVATE_MAX_CONNECTIONS = 60;

/** initdb into `<root>/pg-<port>`, start it, and return the handle to break it with. */
export async function startPrivatePostgres(root: string): Promise<PrivatePostgres> {
  const [bin, account, port] = await Promise.all([postgresBinDir(), serverAccount(), freePort()]);
  const home = path.join(root, `pg-${port}`);
  const data = path.join(home, 'data');
  const logFile = path.join(home, 'server.log');
  await mkdir(home, { recursive: true });
  // The server account must reach its directory through ours (mkdtemp makes 0700).
  await chmod(root, 0o755);
  await account.own(home);

  const pg = async (binary: string, args: string[]) => {
    const [command, argv] = account.command(path.join(bin, binary), args);
    try {
      await run(command, argv, { timeout: 60_000 });
    } catch (error) {
      const log = existsSync(logFile) ? await readFile(logFile, 'utf8').catch(() => '') : '';
      throw new Error(`${binary} ${args.join(' ')} failed: ${String(error)}\n${log.slice(-2000)}`);
    }
  };

  await pg('initdb', [
    '-D',
    data,
    '-U',
    'postgres',
    '-A',
    'trust',
    '-E',
    'UTF8',
    '--locale=C',
    '--no-sync',
    '--no-instructions',
  ]);
  // Loopback TCP only, no Unix socket (the machine's server owns the usual socket
  // directory). fsync off: the suite kills processes, never the machine, and the kernel
  // keeps what a killed server wrote, so recovery is still exercised at a fraction of the cost.
  await appendFile(
    path.join(data, 'postgresql.conf'),
    [
      '',
      '# fault suite',
      `port = ${port}`,
      "listen_addresses = '127.0.0.1'",
      "unix_socket_directories = ''",
      `max_connections = ${PRIVATE_MAX_CONNECTIONS}`,
      'fsync = off',
      '',
    ].join('\n'),
  );
  const pgCtl = (args: string[]) => pg('pg_ctl', ['-D', data, ...args]);
  const start = () => pgCtl(['-l', logFile, '-w', '-t', '60', 'start']);
  const kill = () => pgCtl(['-m', 'immediate', '-w', 'stop']);
  await start();
  removers.set(home, () => {
    if (existsSync(path.join(data, 'postmaster.pid'))) {
      const [command, argv] = account.command(path.join(bin, 'pg_ctl'), [
        '-D',
        data,
        '-m',
        'immediate',
        'stop',
      ]);
      execFileSync(command, argv, { stdio: 'ignore', timeout: 30_000 });
    }
  });

  const databaseUrl = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  return {
    port,
    databaseUrl,
    maintenanceUrl: databaseUrl('postgres'),
    kill,
    start,
    async remove() {
      removeNow(home);
      await rm(home, { recursive: true, force: true });
    },
  };
}

/** A private Redis in a directory under `root`, where removeServersUnder finds its pid. */
export async function startPrivateRedis(root: string): Promise<PrivateRedis> {
  return PrivateRedis.start({ dir: await mkdtemp(path.join(root, 'redis-')) });
}

/**
 * Records each `npm start` group as a file under `root`, so that the global teardown kills
 * a group whose worker died before killing it.
 */
export function npmStartRegistry(root: string): GroupRegistry {
  const file = (pgid: number) => path.join(root, `npm-start-${pgid}`);
  return {
    add: (pgid) => writeFile(file(pgid), String(pgid)),
    delete: (pgid) => rm(file(pgid), { force: true }),
  };
}

/**
 * Synchronous stops for servers not removed yet, run if the worker exits without its
 * afterAll (a crash, a timeout kill): a leftover postmaster would hold its port and files.
 */
const removers = new Map<string, () => void>();

function removeNow(home: string): void {
  const remover = removers.get(home);
  removers.delete(home);
  remover?.();
}

process.once('exit', () => {
  for (const home of [...removers.keys()]) {
    try {
      removeNow(home);
    } catch {
      // Exiting anyway; the global teardown removes the directory and what is left in it.
    }
  }
});

/**
 * Stops whatever servers a run left under `root` (read from their pid files) and removes it:
 * the global teardown's safety net, for a worker that died before its afterAll.
 */
export async function removeServersUnder(root: string): Promise<void> {
  const entries = existsSync(root) ? await readdir(root) : [];
  for (const entry of entries) {
    const home = path.join(root, entry);
    if (entry.startsWith('redis-')) {
      const pid = Number(await readFile(path.join(home, 'pid'), 'utf8').catch(() => ''));
      if (pid > 0) await signalIfRunning(pid, 'redis-server', 'SIGKILL');
    } else if (entry.startsWith('npm-start-')) {
      // A whole `npm start` process group (see npmStartRegistry), if its leader is still npm.
      const pgid = Number(await readFile(home, 'utf8').catch(() => ''));
      if (pgid > 0 && (await isRunning(pgid, 'npm'))) signalGroup(pgid, 'SIGKILL');
    } else if (entry.startsWith('pg-')) {
      const pidFile = path.join(home, 'data', 'postmaster.pid');
      const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).split('\n')[0]);
      // SIGQUIT is PostgreSQL's immediate shutdown, as pg_ctl -m immediate sends it.
      if (pid > 0) await signalIfRunning(pid, 'postgres', 'SIGQUIT');
    }
  }
  await rm(root, { recursive: true, force: true });
}

/** Whether `pid` still runs `program` (a recycled pid is someone else's). */
async function isRunning(pid: number, program: string): Promise<boolean> {
  const commandLine = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  return commandLine.includes(program);
}

async function signalIfRunning(pid: number, program: string, signal: NodeJS.Signals) {
  if (await isRunning(pid, program)) signalProcess(pid, signal);
}
