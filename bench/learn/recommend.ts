import {
  MAX_FEEDBACK_IDS_PER_MESSAGE,
  MAX_FEEDBACK_PER_TRANSACTION,
} from '../../functions/core/feedback';

/** What `learn` sustained at one batch size, in the throughput benchmark. */
export interface MeasuredSize {
  batchSize: number;
  perSecond: number;
  /** Mean time of one `learnBatch` call at that size, waits for other batches included. */
  batchMs: number;
  /**
   * Feedback per second the CPU it used (this process and its PostgreSQL backends) would
   * allow on two otherwise idle cores; null when the backends' CPU could not be read.
   */
  cpuBound: number | null;
}

export interface MappingSettings {
  batchSize: number;
  maxBatchingWindowSeconds: number;
  maxConcurrency: number;
}

/** The goal of issue 11, in feedback per second. */
export const TARGET_PER_SECOND = 10_000;
/**
 * The CPU bound ignores that batches of one tenant take turns on shared rows, and the
 * emulator and submit share the cores in production-like runs: a size chosen by it must
 * clear the goal by this much.
 */
const CPU_MARGIN = 1.3;
/** Sizes within this share of the best throughput count as reaching it (machine noise). */
const KNEE = 0.9;

/**
 * The event source mapping the measured figures call for: the smallest batch that reached
 * the goal here; failing that (a busy machine), the smallest whose CPU per feedback would
 * reach it with a margin on two idle cores; failing that, the smallest within 10% of the
 * best measured. The window is the shortest AWS allows for that size (more than 10 to the
 * batch needs at least one second). Then what it costs in latency: alone, a feedback waits
 * for the window; at the goal's rate, for its batch to fill (the pollers fill theirs side by
 * side); then for its batch to run.
 */
export function recommendMapping(
  sizes: readonly MeasuredSize[],
  current: MappingSettings,
): MappingSettings & { lines: string[] } {
  const best = Math.max(...sizes.map((s) => s.perSecond));
  const ordered = [...sizes].sort((a, b) => a.batchSize - b.batchSize);
  const measured = ordered.find((s) => s.perSecond >= TARGET_PER_SECOND);
  const byCpu = ordered.find((s) => (s.cpuBound ?? 0) >= CPU_MARGIN * TARGET_PER_SECOND);
  const chosen = measured ?? byCpu ?? ordered.find((s) => s.perSecond >= KNEE * best);
  if (!chosen) throw new Error('No batch size was measured');
  const reason = measured
    ? `reaches the ${TARGET_PER_SECOND}/s goal as measured here`
    : byCpu
      ? `its CPU per feedback allows ${chosen.cpuBound?.toFixed(0)}/s on two idle cores (${CPU_MARGIN}x the goal); measured here, on a busy machine, ${chosen.perSecond.toFixed(0)}/s`
      : `the goal is out of reach here: ${chosen.perSecond.toFixed(0)}/s, best measured ${best.toFixed(0)}/s`;
  const windowSeconds = chosen.batchSize > 10 ? 1 : 0;
  const settings = {
    batchSize: chosen.batchSize,
    maxBatchingWindowSeconds: windowSeconds,
    maxConcurrency: current.maxConcurrency,
  };
  const fillMs = Math.min(
    windowSeconds * 1000,
    (1000 * chosen.batchSize * settings.maxConcurrency) / TARGET_PER_SECOND,
  );
  const lines = [
    `  recommended: ${settings.batchSize} feedback a transaction, a ${windowSeconds} s window, ${settings.maxConcurrency} at a time` +
      ` (the stack: up to ${MAX_FEEDBACK_PER_TRANSACTION} a transaction, out of up to ${current.batchSize} messages of up to ${MAX_FEEDBACK_IDS_PER_MESSAGE} feedback; a ${current.maxBatchingWindowSeconds} s window; ${current.maxConcurrency} at a time)`,
    `    why: ${reason}`,
    `    latency it costs: a lone feedback waits up to ${windowSeconds * 1000} ms for the window;` +
      ` at ${TARGET_PER_SECOND}/s a batch fills in ~${fillMs.toFixed(0)} ms, then runs ~${chosen.batchMs.toFixed(0)} ms here`,
  ];
  return { ...settings, lines };
}
