import type { PhaseTimes } from './timed-learners';

/**
 * Where the batches' time went at one size: each learner's phases as a share of the
 * connections' time (concurrency × wall time). A wait for another batch's row locks lands
 * in the phase that waited; the rest is the claim, the commit and idle connections.
 */
export function printBreakdown(
  run: { batchSize: number; wallMs: number; spent: Map<string, PhaseTimes> },
  concurrency: number,
): void {
  const total = run.wallMs * concurrency;
  const share = (ms: number) => `${((100 * ms) / total).toFixed(1)}%`.padStart(8);
  console.log(
    `\n  where the time goes, batches of ${run.batchSize} (share of ${concurrency} connections' time; waits for another batch's locks count in the phase that waited)`,
  );
  console.log('  learner                   prepare   own rows   shared rows');
  let learners = 0;
  for (const [name, phases] of run.spent) {
    learners += phases.prepare + phases.ownRows + phases.sharedRows;
    console.log(
      `  ${name.padEnd(24)} ${share(phases.prepare)}   ${share(phases.ownRows)}   ${share(phases.sharedRows)}`,
    );
  }
  console.log(`  claim and outbox, commit, idle connections: ${share(total - learners).trim()}`);
}
