import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { Socket } from 'node:net';
import path from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './free-port';

/**
 * A `redis-server` of the test's own on a free loopback port, so a test may flush, freeze,
 * kill and restart it without touching the machine's Redis or other suites. It keeps
 * nothing on disk: a restart starts empty, as a restarted cache does.
 */
export class PrivateRedis {
  private process: ChildProcess | undefined;

  /**
   * `dir`, when given, holds its log and a `pid` file (rewritten on each restart), so a
   * cleanup outside this process can find a server a dead worker left; remove() deletes it.
   */
  private constructor(
    readonly port: number,
    private readonly dir: string | undefined,
  ) {}

  static async start(options: { dir?: string } = {}): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort(), options.dir);
    if (options.dir) await mkdir(options.dir, { recursive: true });
    try {
      await redis.restart();
    } catch (error) {
      await redis.kill();
      throw error;
    }
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** The running server's pid (0 while none runs): a restart changes it. */
  pid(): number {
    return this.process?.pid ?? 0;
  }

  /** Starts it (again, on the same port, empty) and resolves once it answers PING. */
  async restart(): Promise<void> {
    await this.kill();
    // No snapshot and no append-only file: nothing survives a kill.
    const args = [
      '--port',
      `${this.port}`,
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
    ];
    if (this.dir) args.push('--dir', this.dir, '--logfile', path.join(this.dir, 'server.log'));
    const child = spawn('redis-server', args, { stdio: 'ignore' });
    await once(child, 'spawn').catch((error: Error) => {
      throw new Error(`redis-server could not be started: ${error.message}`);
    });
    this.process = child;
    liveServers.add(child);
    child.once('exit', () => liveServers.delete(child));
    if (this.dir) await writeFile(path.join(this.dir, 'pid'), String(child.pid));
    await waitForPong(child, this.port, 10_000);
  }

  /** SIGKILL (a frozen server dies of it too): whatever it held is gone. */
  async kill(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }

  /** SIGSTOP: connections stay open and every command hangs, as with a stalled host. */
  freeze(): void {
    this.process?.kill('SIGSTOP');
  }

  thaw(): void {
    this.process?.kill('SIGCONT');
  }

  async remove(): Promise<void> {
    await this.kill();
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }

  /** A client for the test itself (the functions make their own). */
  client(): Redis {
    return new Redis(this.url, { maxRetriesPerRequest: 1 });
  }
}

/** Servers not killed yet, killed if the worker exits without its afterAll (crash, timeout). */
const liveServers = new Set<ChildProcess>();

process.once('exit', () => {
  for (const child of liveServers) child.kill('SIGKILL');
});

/** PING over a raw socket, until PONG (a client library would retry on its own, unseen). */
async function waitForPong(child: ChildProcess, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    // Exited: most likely another process took the port between freePort() and now.
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
    const pong = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      const done = (ok: boolean) => {
        socket.destroy();
        resolve(ok);
      };
      socket.setTimeout(500, () => done(false));
      socket.once('error', () => done(false));
      socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
      socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
    });
    if (pong) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`redis-server did not answer on port ${port} within ${timeoutMs} ms`);
}
