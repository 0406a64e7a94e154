import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { LEARN_EVENT_SOURCE } from '../lib/rename-feedback-stack';
import { LOCAL_DATABASE_URL } from '../lib/stage';
import { dropDatabase, migrate } from '../local/database';
import '../local/quiet-sdk';
import { cpuMeter } from './learn/cpu';
import { type MeasuredSize, recommendMapping } from './learn/recommend';
import { printBreakdown } from './learn/report';
import { LearnerClock, type PhaseTimes } from './learn/timed-learners';
import { learnAll, storeFeedback } from './learn/workload';

/**
 * How many feedback per second `learn` absorbs: `learnBatch` (claim, every learner, outbox
 * clean-up, one transaction) called in-process as the event source mapping calls it,
 * `CONCURRENCY` batches at a time, at several batch sizes against batches of 1 as the
 * baseline, in the same run; the claim alone (no learner) as the floor; the CPU each
 * feedback costs, this process and its PostgreSQL backends, which says what two idle cores
 * would do when the machine is busy; where a batch's time goes, per learner and phase; and
 * the mapping the figures call for. Each size runs twice, once in each order of sizes, so
 * a machine getting busier or quieter weighs on all of them. No SQS and no Lambda: the
 * figure is the work per feedback (bench/learn-backlog.ts measures the whole path).
 */
const FEEDBACK = Number(process.env.LEARN_BENCH_FEEDBACK ?? 20_000);
const BASELINE_FEEDBACK = Math.min(FEEDBACK, 2_000);
const BATCH_SIZES = [10, 100, 500, 1000, 2000];
const CONCURRENCY = LEARN_EVENT_SOURCE.maxConcurrency;

const url = new URL(process.env.DATABASE_URL ?? LOCAL_DATABASE_URL);
url.pathname = `/rf_bench_learn_${randomBytes(3).toString('hex')}`;
const databaseUrl = url.toString();
await migrate(databaseUrl);

process.env.DATABASE_URL = databaseUrl;
// One connection per concurrent batch, as that many instances with their own pools would have.
process.env.DATABASE_POOL_MAX = String(CONCURRENCY);
process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
const { learnBatch } = await import('../functions/adapters/learning-store');
const { LEARNERS } = await import('../functions/adapters/learners');
const { getPool } = await import('../functions/adapters/postgres');

const db = new pg.Pool({ connectionString: databaseUrl, max: 1 });
const clock = new LearnerClock();
const timedLearners = clock.wrap(LEARNERS);
let tenants = 0;

interface Run extends MeasuredSize {
  count: number;
  slowestBatchMs: number;
  wallMs: number;
  nodeMs: number;
  pgMs: number | null;
  spent: Map<string, PhaseTimes>;
}

/** Learns `count` new feedback of a fresh tenant (so from empty learning state). */
async function run(
  batchSize: number,
  count: number,
  learners = timedLearners,
  concurrency: number = CONCURRENCY,
): Promise<Run> {
  const tenantId = `bench-${tenants++}-batch-${batchSize}`;
  const ids = await storeFeedback(db, tenantId, count);
  clock.reset();
  const cpu = await cpuMeter(db);
  const learn = (messages: Parameters<typeof learnBatch>[0]) => learnBatch(messages, learners);
  const started = performance.now();
  const result = await learnAll(learn, tenantId, ids, batchSize, concurrency);
  const wallMs = performance.now() - started;
  const { nodeMs, pgMs } = cpu();
  const cpuBound = pgMs === null ? null : (2 * 1e6 * count) / ((nodeMs + pgMs) * 1000);
  return { batchSize, count, wallMs, nodeMs, pgMs, cpuBound, ...result, spent: clock.copy() };
}

/** Two runs' totals as one. */
function combine(a: Run, b: Run): Run {
  const count = a.count + b.count;
  const wallMs = a.wallMs + b.wallMs;
  const nodeMs = a.nodeMs + b.nodeMs;
  const pgMs = a.pgMs === null || b.pgMs === null ? null : a.pgMs + b.pgMs;
  return {
    batchSize: a.batchSize,
    count,
    wallMs,
    nodeMs,
    pgMs,
    perSecond: (1000 * count) / wallMs,
    batchMs: (a.batchMs + b.batchMs) / 2,
    slowestBatchMs: Math.max(a.slowestBatchMs, b.slowestBatchMs),
    cpuBound: pgMs === null ? null : (2 * 1e6 * count) / ((nodeMs + pgMs) * 1000),
    spent: LearnerClock.add(a.spent, b.spent),
  };
}

// Warm up the pool's connections and the module's first queries, unmeasured.
await run(10, 500);
const baseline = await run(1, BASELINE_FEEDBACK);
const floor = await run(1000, FEEDBACK, []);
const half = Math.ceil(FEEDBACK / 2);
const first = new Map<number, Run>();
for (const size of BATCH_SIZES) first.set(size, await run(size, half));
const runs: Run[] = [];
for (const size of [...BATCH_SIZES].reverse()) {
  const earlier = first.get(size);
  const later = await run(size, half);
  runs.unshift(earlier ? combine(earlier, later) : later);
}

const us = (ms: number | null, count: number) =>
  ms === null ? 'n/a' : `${((ms * 1000) / count).toFixed(0)} us`;
console.log(
  `\nlearn throughput (in-process learnBatch, all ${LEARNERS.length} learners, ${CONCURRENCY} batches at a time; n=${FEEDBACK} per size, baseline n=${BASELINE_FEEDBACK})`,
);
console.log(
  '  batch size   feedback/s   x baseline   mean / slowest batch   CPU/feedback: node + PostgreSQL   2-core CPU bound',
);
for (const r of [baseline, ...runs]) {
  const cpu = `${us(r.nodeMs, r.count)} + ${us(r.pgMs, r.count)}`;
  const bound = r.cpuBound === null ? 'n/a' : `${r.cpuBound.toFixed(0)}/s`;
  console.log(
    `  ${String(r.batchSize).padStart(10)}   ${r.perSecond.toFixed(0).padStart(10)}   ${`x${(r.perSecond / baseline.perSecond).toFixed(1)}`.padStart(10)}   ${`${r.batchMs.toFixed(0)} / ${r.slowestBatchMs.toFixed(0)} ms`.padStart(20)}   ${cpu.padEnd(30)}   ${bound}`,
  );
}
console.log(
  `  floor, the claim alone (no learner), batches of 1000: ${floor.perSecond.toFixed(0)} feedback/s, CPU ${us(floor.nodeMs, floor.count)} + ${us(floor.pgMs, floor.count)}`,
);

const mapping = recommendMapping(runs, LEARN_EVENT_SOURCE);
// One batch at a time, so that no time is a wait for another batch's locks: the work alone.
printBreakdown(await run(mapping.batchSize, Math.min(FEEDBACK, 10_000), timedLearners, 1));
console.log(`\n${mapping.lines.join('\n')}`);

await db.end();
await (await getPool()).end();
await dropDatabase(databaseUrl);
