import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  claimStateDir,
  processExists,
  releaseStateDir,
  StateDirInUseError,
} from '../../../local/emulator/run-marker';

let root: string;
let stateDir: string;
const marker = () => path.join(stateDir, 'running.json');
const nobodyRuns = () => false;
const everyoneRuns = () => true;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'run-marker-'));
  stateDir = root;
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the run marker of a state directory', () => {
  it('reports nothing to recover on a first start, and marks the directory', async () => {
    const now = new Date('2024-06-01T12:00:00Z');
    expect(await claimStateDir(stateDir, { pid: 100, now })).toEqual({ uncleanStop: undefined });
    expect(JSON.parse(await readFile(marker(), 'utf8'))).toEqual({
      pid: 100,
      startedAt: '2024-06-01T12:00:00.000Z',
    });
  });

  it('creates a state directory that does not exist yet', async () => {
    stateDir = path.join(stateDir, 'nested', 'state');
    await claimStateDir(stateDir, { pid: 100 });
    expect(existsSync(marker())).toBe(true);
  });

  it('reports nothing to recover after a clean stop', async () => {
    await claimStateDir(stateDir, { pid: 100 });
    await releaseStateDir(stateDir, 100);
    expect(existsSync(marker())).toBe(false);
    expect(await claimStateDir(stateDir, { pid: 200, exists: nobodyRuns })).toEqual({
      uncleanStop: undefined,
    });
  });

  it('reports the killed run that left its marker, then marks the directory anew', async () => {
    const now = new Date('2024-06-01T12:00:00Z');
    await claimStateDir(stateDir, { pid: 100, now });
    const { uncleanStop } = await claimStateDir(stateDir, { pid: 200, exists: nobodyRuns });
    expect(uncleanStop).toEqual({ pid: 100, startedAt: '2024-06-01T12:00:00.000Z' });
    expect(JSON.parse(await readFile(marker(), 'utf8'))).toMatchObject({ pid: 200 });
  });

  it('keeps reporting a crash until a run stops cleanly', async () => {
    await claimStateDir(stateDir, { pid: 100 });
    // The restart after the crash is killed too, before it could stop cleanly.
    await claimStateDir(stateDir, { pid: 200, exists: nobodyRuns });
    const third = await claimStateDir(stateDir, { pid: 300, exists: nobodyRuns });
    expect(third.uncleanStop).toMatchObject({ pid: 200 });
  });

  it('takes its own pid in a marker as stale (a pid reused after a restart)', async () => {
    await claimStateDir(stateDir, { pid: 100 });
    const { uncleanStop } = await claimStateDir(stateDir, { pid: 100, exists: everyoneRuns });
    expect(uncleanStop).toMatchObject({ pid: 100 });
  });

  it('refuses a directory whose marker names a process that still runs', async () => {
    await claimStateDir(stateDir, { pid: 100 });
    await expect(claimStateDir(stateDir, { pid: 200, exists: everyoneRuns })).rejects.toThrow(
      StateDirInUseError,
    );
    expect(JSON.parse(await readFile(marker(), 'utf8'))).toMatchObject({ pid: 100 });
  });

  it('takes an unreadable marker as an unclean stop all the same', async () => {
    await writeFile(marker(), '{"pid": 1');
    expect(await claimStateDir(stateDir, { pid: 200, exists: everyoneRuns })).toEqual({
      uncleanStop: {},
    });
  });

  it("leaves another run's marker on release", async () => {
    await claimStateDir(stateDir, { pid: 100 });
    await releaseStateDir(stateDir, 200);
    expect(existsSync(marker())).toBe(true);
  });

  it('tells a running process from a finished one', () => {
    expect(processExists(process.pid)).toBe(true);
    // Above the largest pid Linux hands out (2^22).
    expect(processExists(4_194_305)).toBe(false);
  });

  it('takes a killed process not yet reaped (a zombie) as finished', async () => {
    // The short sleep ends after its parent shell became the long one (exec), which never
    // reaps it: a zombie for as long as the long sleep runs.
    const parent = spawn('sh', ['-c', 'sleep 0.2 & echo $!; exec sleep 10'], { stdio: 'pipe' });
    try {
      const [line] = await once(createInterface({ input: parent.stdout }), 'line');
      const zombie = Number(line);
      await expect
        .poll(() => readFileSync(`/proc/${zombie}/stat`, 'utf8'), { timeout: 5_000 })
        .toMatch(/\) Z /);
      expect(() => process.kill(zombie, 0)).not.toThrow();
      expect(processExists(zombie)).toBe(false);
    } finally {
      parent.kill('SIGKILL');
    }
  });
});
