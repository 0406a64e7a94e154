import type { Emulator } from '../../local/emulator';
import { cpuMsOf } from './process-stats';
import { median } from './stats';
import type { Workload } from './workloads';

export interface ColdStart {
  initMs: number;
  initCpuMs: number;
  rssAfterInitBytes: number;
}

export interface UnderLoad {
  peakRssBytes: number;
  cpuMsPerInvocation: number;
  invocations: number;
  instances: number;
}

/**
 * Each function started cold `runs` times, alone: its instances are killed (once nothing
 * is in flight, so no batch is lost to a kill), then one invocation starts a new one.
 */
export async function measureColdStarts(
  emulator: Emulator,
  names: string[],
  work: Record<string, Workload>,
  runs: number,
): Promise<Map<string, ColdStart>> {
  const measured = new Map<string, ColdStart>();
  for (const name of names) {
    const inits: number[] = [];
    const cpu: number[] = [];
    const rss: number[] = [];
    for (let run = 0; run < runs; run++) {
      await emulator.drain(60_000);
      await killInstances(emulator, name);
      await workOf(work, name).probe();
      const [instance] = emulator.functionInstances(name);
      inits.push(instance?.initDurationMs ?? Number.NaN);
      cpu.push(instance?.initCpuMs ?? Number.NaN);
      rss.push(instance?.rssAfterInitBytes ?? Number.NaN);
    }
    measured.set(name, {
      initMs: median(inits),
      initCpuMs: median(cpu),
      rssAfterInitBytes: median(rss),
    });
  }
  return measured;
}

/**
 * Each function's load, after a one-second warm-up at the same concurrency and the inits it
 * caused (so that its instances exist): CPU per warm invocation; then its stress, if any;
 * and the peak resident memory of any instance through all of it.
 */
export async function measureUnderLoad(
  emulator: Emulator,
  names: string[],
  work: Record<string, Workload>,
  seconds: number,
): Promise<Map<string, UnderLoad>> {
  const measured = new Map<string, UnderLoad>();
  for (const name of names) {
    await workOf(work, name).load(1);
    await initsEnded(emulator, name);
    const before = new Map(
      emulator
        .functionInstances(name)
        .map((i) => [i.pid, { cpuMs: cpuMsOf(i.pid ?? 0), invocations: i.invocations }]),
    );
    await workOf(work, name).load(seconds);
    const after = emulator.functionInstances(name);
    let cpuMs = 0;
    let invocations = 0;
    // Warm figures: only the instances that had started before the load count (one that
    // starts during it would add its init to the load's CPU).
    for (const instance of after) {
      const start = before.get(instance.pid);
      if (!start) continue;
      cpuMs += cpuMsOf(instance.pid ?? 0) - start.cpuMs;
      invocations += instance.invocations - start.invocations;
    }
    await workOf(work, name).stress?.(seconds);
    const peakRssBytes = Math.max(
      ...[...after, ...emulator.functionInstances(name)].map((i) => i.peakRssBytes),
    );
    measured.set(name, {
      peakRssBytes,
      cpuMsPerInvocation: invocations > 0 ? cpuMs / invocations : Number.NaN,
      invocations,
      instances: after.length,
    });
  }
  return measured;
}

function workOf(work: Record<string, Workload>, name: string): Workload {
  const found = work[name];
  if (!found) throw new Error(`No workload for ${name}`);
  return found;
}

/** Waits for the instances a warm-up started to finish their init: their CPU is not load. */
async function initsEnded(emulator: Emulator, name: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (emulator.functionInstances(name).some((i) => i.initDurationMs === undefined)) {
    if (Date.now() > deadline) throw new Error(`${name}: instances still starting after 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function killInstances(emulator: Emulator, name: string): Promise<void> {
  for (const pid of emulator.functionPids(name)) process.kill(pid, 'SIGKILL');
  const deadline = Date.now() + 5000;
  while (emulator.functionInstances(name).length > 0) {
    if (Date.now() > deadline) throw new Error(`${name}: instances still alive after SIGKILL`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
