import type { PhaseTimes } from './timed-learners';

/**
 * Where one batch's time goes, one batch at a time (no waits): each learner's phases as a
 * share of the transactions' time, the rest being the claim, the commit and the calls in
 * between. Rows other batches of the tenant also write stay locked from the first own-rows
 * write to the commit: the last line says how much of the transaction that is, and what
 * one tenant's batches could reach if nothing else than that stretch limited them.
 */
export function printBreakdown(run: {
  batchSize: number;
  count: number;
  wallMs: number;
  spent: Map<string, PhaseTimes>;
}): void {
  const share = (ms: number) => `${((100 * ms) / run.wallMs).toFixed(1)}%`.padStart(8);
  console.log(`\n  where the time goes, batches of ${run.batchSize}, one at a time`);
  console.log('  learner                   prepare   own rows   shared rows');
  let learners = 0;
  let locked = 0;
  for (const [name, phases] of run.spent) {
    learners += phases.prepare + phases.ownRows + phases.sharedRows;
    locked += phases.ownRows + phases.sharedRows;
    console.log(
      `  ${name.padEnd(24)} ${share(phases.prepare)}   ${share(phases.ownRows)}   ${share(phases.sharedRows)}`,
    );
  }
  console.log(`  claim and outbox, commit: ${share(run.wallMs - learners).trim()}`);
  console.log(
    `  shared rows locked (own and shared rows, commit aside): ${share(locked).trim()} of the transaction; one tenant's batches alone could reach ~${((1000 * run.count) / locked).toFixed(0)} feedback/s`,
  );
}
