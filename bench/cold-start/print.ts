import type { Floor } from './floor';
import type { FunctionFacts } from './function-facts';
import type { ColdStart, UnderLoad } from './measure';
import { mb } from './stats';

/** The memory size at which Lambda gives a function one whole vCPU. */
const VCPU_MB = 1769;

/** The goals per function, on this machine. */
const GOALS = { initMs: 100, rssAfterInitMB: 50, peakMB: 64 };

export interface ColdStartReport {
  names: string[];
  facts: Map<string, FunctionFacts>;
  composition: Map<string, [string, number][]>;
  floors: { node: Floor; runtime: Floor };
  cold: Map<string, ColdStart>;
  loaded: Map<string, UnderLoad>;
  withoutMaps: Map<string, ColdStart>;
  runs: number;
  seconds: number;
  /** One-minute load averages at the start and the end: how busy the machine was. */
  loadAverage: [number, number];
}

export function printReport(report: ColdStartReport, json: boolean): void {
  const rows = report.names.map((name) => rowOf(report, name));
  const floors = {
    nodeStartMs: round(report.floors.node.startMs),
    nodeRssMB: round(mb(report.floors.node.rssBytes)),
    emptyFunctionInitMs: round(report.floors.runtime.startMs),
    emptyFunctionInitCpuMs: round(report.floors.runtime.cpuMs),
    emptyFunctionRssMB: round(mb(report.floors.runtime.rssBytes)),
  };
  const meta = { runs: report.runs, loadSeconds: report.seconds, loadAverage: report.loadAverage };
  if (json) {
    console.log(JSON.stringify({ goals: GOALS, floors, functions: rows, ...meta }, null, 2));
    return;
  }
  console.log(
    `\nCold start and memory: median of ${report.runs} cold starts each; loads of ${report.seconds} s; ` +
      `load average ${report.loadAverage.map((l) => l.toFixed(1)).join(' -> ')} on this machine\n`,
  );
  console.log(
    'function        bundle KB  init ms  init CPU ms  RSS after init MB  peak MB  memory MB  CPU ms/inv  at its share  maps cost (CPU ms, MB)',
  );
  for (const row of rows) {
    console.log(
      [
        row.function.padEnd(15),
        String(row.bundleKB).padStart(9),
        String(row.initMs).padStart(8),
        String(row.initCpuMs).padStart(12),
        String(row.rssAfterInitMB).padStart(18),
        String(row.peakRssMB).padStart(8),
        String(row.memorySizeMB).padStart(10),
        String(row.cpuMsPerInvocation).padStart(11),
        String(row.awsCpuMsPerInvocation).padStart(13),
        `+${row.sourceMapsCost.initCpuMs}, +${row.sourceMapsCost.rssMB}`.padStart(23),
      ].join(' '),
    );
  }
  console.log(
    '\n"at its share": CPU ms per warm invocation as Lambda would give it at that memory size ' +
      `(a vCPU at ${VCPU_MB} MB; here each instance may take a whole core).`,
  );
  console.log('\nlargest parts of each bundle:');
  for (const row of rows)
    console.log(`  ${row.function.padEnd(14)} ${row.largestParts.join(', ')}`);
  console.log(
    `\nfloor, same run: node -e '' starts and exits in ${floors.nodeStartMs} ms holding ${floors.nodeRssMB} MB; ` +
      `the runtime with an empty handler: init ${floors.emptyFunctionInitMs} ms ` +
      `(${floors.emptyFunctionInitCpuMs} ms CPU), ${floors.emptyFunctionRssMB} MB`,
  );
  console.log(
    `goals: init <= ${GOALS.initMs} ms, RSS after init <= ${GOALS.rssAfterInitMB} MB, peak under load <= ${GOALS.peakMB} MB`,
  );
}

function rowOf(report: ColdStartReport, name: string) {
  const size = report.facts.get(name);
  const cold = report.cold.get(name);
  const bare = report.withoutMaps.get(name);
  const load = report.loaded.get(name);
  const parts = report.composition.get(name) ?? [];
  const total = parts.reduce((sum, [, bytes]) => sum + bytes, 0);
  return {
    function: name,
    bundleKB: round((size?.codeBytes ?? 0) / 1024),
    sourceMapKB: round((size?.mapBytes ?? 0) / 1024),
    initMs: round(cold?.initMs),
    initCpuMs: round(cold?.initCpuMs),
    rssAfterInitMB: round(mb(cold?.rssAfterInitBytes ?? Number.NaN)),
    peakRssMB: round(mb(load?.peakRssBytes ?? Number.NaN)),
    memorySizeMB: size?.memorySizeMB,
    cpuMsPerInvocation: round(load?.cpuMsPerInvocation, 2),
    // Lambda gives a function CPU in proportion to its memory, a whole vCPU at 1,769 MB.
    awsCpuMsPerInvocation: round(
      ((load?.cpuMsPerInvocation ?? Number.NaN) * VCPU_MB) / (size?.memorySizeMB ?? Number.NaN),
    ),
    invocations: load?.invocations,
    instances: load?.instances,
    sourceMapsCost: {
      initCpuMs: round((cold?.initCpuMs ?? Number.NaN) - (bare?.initCpuMs ?? Number.NaN)),
      rssMB: round(mb((cold?.rssAfterInitBytes ?? 0) - (bare?.rssAfterInitBytes ?? 0)), 1),
    },
    largestParts: parts
      .slice(0, 4)
      .map(([part, bytes]) => `${part} ${Math.round((100 * bytes) / total)}%`),
  };
}

function round(value: number | undefined, digits = 0): number {
  if (value === undefined) return Number.NaN;
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
