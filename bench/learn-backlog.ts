import '../local/quiet-sdk';
import pg from 'pg';
import { LEARN_EVENT_SOURCE, RESERVED_CONCURRENCY } from '../lib/rename-feedback-stack';
import { synthesize } from '../local/emulator';
import { batchBody } from './learn/feedback-items';
import { startBenchStack } from './support/local-stack';

/**
 * The end-to-end goal of `learn`: after a load at full submit speed, how soon is nothing
 * left to learn? Through the emulator, as deployed (the template's event source mapping,
 * its batch size, window and concurrency): `CONNECTIONS` clients send batches of 500 for
 * `LEARN_BACKLOG_SECONDS` (10), while the backlog (feedback stored and not yet learned) is
 * sampled; then the time from the last accepted batch to an empty backlog, and to an empty
 * queue. Figures, not verdicts.
 */
const LOAD_SECONDS = Number(process.env.LEARN_BACKLOG_SECONDS ?? 10);
const CONNECTIONS = Math.min(4, RESERVED_CONCURRENCY.Submit);
const ITEMS_PER_BATCH = 500;

const stack = await startBenchStack({
  name: 'backlog',
  assemblyDir: await synthesize('cdk.out/bench-learn-backlog'),
});
const { emulator, headers } = stack;
const db = new pg.Pool({ connectionString: stack.databaseUrl, max: 1 });

async function backlog(): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM feedback WHERE learned_at IS NULL',
  );
  return rows[0]?.n ?? 0;
}

async function submitBatch(): Promise<number> {
  const response = await fetch(`${emulator.url}/v1/feedback/batch`, {
    method: 'POST',
    headers,
    body: batchBody(ITEMS_PER_BATCH),
  });
  const answer = (await response.json()) as { accepted?: number };
  return response.status === 202 ? (answer.accepted ?? 0) : 0;
}

/** Polls the backlog until it is empty or `timeoutMs` has passed; answers what is left. */
async function waitForEmptyBacklog(timeoutMs: number): Promise<number> {
  const until = performance.now() + timeoutMs;
  let left = await backlog();
  while (left > 0 && performance.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    left = await backlog();
  }
  return left;
}

// Warm up every instance the load will use, and learn it all, unmeasured.
await Promise.all(Array.from({ length: CONNECTIONS }, () => submitBatch()));
await waitForEmptyBacklog(300_000);
await emulator.drain(120_000);

let accepted = 0;
let lastAccepted = 0;
const samples: number[] = [];
const started = performance.now();
const deadline = started + LOAD_SECONDS * 1000;
const sampler = setInterval(() => {
  backlog().then(
    (n) => samples.push(n),
    () => {},
  );
}, 250);
await Promise.all(
  Array.from({ length: CONNECTIONS }, async () => {
    while (performance.now() < deadline) {
      const stored = await submitBatch();
      accepted += stored;
      lastAccepted = performance.now();
    }
  }),
);
clearInterval(sampler);
const loadSeconds = (lastAccepted - started) / 1000;
const atEnd = await backlog();
const left = await waitForEmptyBacklog(300_000);
const emptyMs = performance.now() - lastAccepted;
await emulator.drain(300_000);
const queueEmptyMs = performance.now() - lastAccepted;

const { batchSize, maxBatchingWindowSeconds, maxConcurrency } = LEARN_EVENT_SOURCE;
console.log(
  `\nlearn end to end (emulator; mapping BatchSize ${batchSize}, MaximumBatchingWindowInSeconds ${maxBatchingWindowSeconds}, MaximumConcurrency ${maxConcurrency})`,
);
console.log(
  `  submitted: ${accepted} feedback in ${loadSeconds.toFixed(1)} s (${(accepted / loadSeconds).toFixed(0)}/s; batches of ${ITEMS_PER_BATCH}, ${CONNECTIONS} connections)`,
);
console.log(
  `  learned during the load: ${((accepted - atEnd) / loadSeconds).toFixed(0)}/s; backlog at its end ${atEnd} (peak sampled ${Math.max(0, ...samples)})`,
);
console.log(
  `  backlog ${left === 0 ? 'empty' : `still ${left}`} ${emptyMs.toFixed(0)} ms after the last 202 (goal: 1000 ms); queue empty after ${queueEmptyMs.toFixed(0)} ms`,
);

await db.end();
await stack.stop();
