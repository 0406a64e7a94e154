import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FunctionInstance } from '../../local/emulator/function-instance';
import { median } from './stats';

export interface Floor {
  startMs: number;
  /** CPU time of the start (the runtime's only; NaN for bare node). */
  cpuMs: number;
  rssBytes: number;
}

/**
 * What nothing of ours costs, measured in the same run: a bare `node -e` (start to exit,
 * and its resident memory), and the emulator's runtime shim serving a handler that does
 * nothing (its Init Duration and resident memory after init). No function can start faster
 * or smaller than the second on this machine.
 */
export async function measureFloors(runs: number): Promise<{ node: Floor; runtime: Floor }> {
  const node: Floor[] = [];
  for (let i = 0; i < runs; i++) node.push(await bareNode());
  const dir = await mkdtemp(path.join(tmpdir(), 'cold-start-floor-'));
  await writeFile(path.join(dir, 'index.js'), 'exports.handler = async () => null;\n');
  const runtime: Floor[] = [];
  try {
    for (let i = 0; i < runs; i++) runtime.push(await trivialFunction(dir));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const middle = (floors: Floor[]) => ({
    startMs: median(floors.map((f) => f.startMs)),
    cpuMs: median(floors.map((f) => f.cpuMs)),
    rssBytes: median(floors.map((f) => f.rssBytes)),
  });
  return { node: middle(node), runtime: middle(runtime) };
}

async function bareNode(): Promise<Floor> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ['-e', 'process.stdout.write(String(process.memoryUsage.rss()))'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  await once(child, 'exit');
  return { startMs: performance.now() - started, cpuMs: Number.NaN, rssBytes: Number(output) };
}

async function trivialFunction(dir: string): Promise<Floor> {
  const instance = new FunctionInstance({
    label: 'floor',
    assetDir: dir,
    memoryMB: 128,
    log: () => {},
    environment: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      LAMBDA_TASK_ROOT: dir,
      _HANDLER: 'index.handler',
    },
  });
  try {
    await instance.ready;
    const { initDurationMs = Number.NaN, initCpuMs = Number.NaN } = instance.stats;
    const { rssAfterInitBytes = Number.NaN } = instance.stats;
    return { startMs: initDurationMs, cpuMs: initCpuMs, rssBytes: rssAfterInitBytes };
  } finally {
    await instance.kill();
  }
}
