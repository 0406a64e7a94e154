import '../local/quiet-sdk';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { LEARN_EVENT_SOURCE, RESERVED_CONCURRENCY } from '../lib/rename-feedback-stack';
import { LOCAL_DATABASE_URL, LOCAL_REDIS_URL } from '../lib/stage';
import { registerApiKey } from '../local/api-keys';
import { dropDatabase, migrate } from '../local/database';
import { startEmulator, synthesize } from '../local/emulator';
import { batchBody } from './learn/feedback-items';

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

const url = new URL(process.env.DATABASE_URL ?? LOCAL_DATABASE_URL);
url.pathname = `/rf_bench_backlog_${randomBytes(3).toString('hex')}`;
const databaseUrl = url.toString();
const assemblyDir = await synthesize('cdk.out/bench-learn-backlog');
await migrate(databaseUrl);
const userKey = await registerApiKey(databaseUrl, 'user');
const emulator = await startEmulator({
  port: 0,
  assemblyDir,
  environment: {
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? LOCAL_REDIS_URL,
    REDIS_KEY_PREFIX: `bench-backlog-${randomBytes(3).toString('hex')}:`,
    RATE_LIMIT_USER_PER_MINUTE: '100000000',
  },
  schedules: false,
  log: () => {},
});
const db = new pg.Pool({ connectionString: databaseUrl, max: 1 });
const headers = { authorization: `Bearer ${userKey}`, 'content-type': 'application/json' };

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
await emulator.stop();
await dropDatabase(databaseUrl);
