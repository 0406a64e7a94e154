import { RESERVED_CONCURRENCY } from '../lib/rename-feedback-stack';
import { synthesize } from '../local/emulator';
import { helloServerLoad, postgresCeilings, redisCeilings } from './support/ceilings';
import { type LoadResult, runLoad, unexpected } from './support/load';
import { startBenchStack } from './support/local-stack';
import { sequentialLatency, submitToMetrics, twoHundred } from './support/submit-figures';
import { type BenchRow, fixed, renderTable } from './support/table';

/**
 * `npm run bench`: every warm figure of the submit path beside the ceiling that bounds it,
 * measured in the same run on this machine: bare node:http under the same load tool
 * (autocannon, from a process of its own), PostgreSQL and Redis from Node with nothing
 * around them, and the emulator's floor (the submit function's cheapest answer). Figures,
 * not verdicts: nothing here fails on timing. `--json` prints the same rows as JSON.
 * BENCH_SECONDS (default 5) sets each load's length.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 16;
const asJson = process.argv.includes('--json');
const progress = (line: string) => process.stderr.write(`[bench] ${line}\n`);

progress('synthesizing the stack');
const assemblyDir = await synthesize('cdk.out/bench-table-assembly');
const stack = await startBenchStack({ name: 'table', assemblyDir });
const rows: BenchRow[] = [];
const url = (path: string) => `${stack.emulator.url}${path}`;
const submitLoad = (connections: number, durationSeconds: number) =>
  runLoad({
    url: url('/v1/feedback'),
    method: 'POST',
    headers: stack.headers,
    body: 'feedback',
    connections,
    durationSeconds,
  });
const describe = (load: LoadResult) =>
  `${fixed(load.requestsPerSecond)} req/s, p50 ${load.latencyMs.p50} ms, p99 ${load.latencyMs.p99} ms`;

try {
  progress('ceilings: node:http, PostgreSQL, Redis');
  const hello1 = await helloServerLoad(1, SECONDS);
  const hello16 = await helloServerLoad(CONNECTIONS, SECONDS);
  const pg = await postgresCeilings(stack.databaseUrl, SECONDS, CONNECTIONS);
  const redis = await redisCeilings(stack.redisUrl, SECONDS, CONNECTIONS);

  progress('single submit and the floor, sequential');
  const sequential = await sequentialLatency(stack, 500);
  progress('submit -> counted in /v1/metrics');
  const toMetrics = await submitToMetrics(stack, 30);
  progress(
    `the floor at ${CONNECTIONS} connections: warm-up (starts the instances), then measured`,
  );
  const floorLoad = (durationSeconds: number) =>
    runLoad({
      url: url('/v1/feedback'),
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'empty-json',
      connections: CONNECTIONS,
      durationSeconds,
    });
  await floorLoad(SECONDS);
  const floor16 = await floorLoad(SECONDS);
  progress('single submit at 1 connection');
  const submit1 = await submitLoad(1, SECONDS);
  progress(`single submit at ${CONNECTIONS} connections: warm-up, then measured`);
  await submitLoad(CONNECTIONS, SECONDS);
  await stack.emulator.drain(120_000);
  const submit16 = await submitLoad(CONNECTIONS, SECONDS * 2);
  const submitInstances = stack.emulator.functionPids('Submit').length;
  progress('200 single submits and a batch of 200, until learned');
  const e2e = await twoHundred(stack);

  progress('batches of 500 at 1, 2 and 4 connections');
  const batches: { connections: number; load: LoadResult }[] = [];
  for (const connections of [1, 2, 4]) {
    const load = await runLoad({
      url: url('/v1/feedback/batch'),
      method: 'POST',
      headers: stack.headers,
      body: { batchOf: 500 },
      connections,
      durationSeconds: SECONDS,
    });
    batches.push({ connections, load });
  }
  const best = batches.reduce((a, b) =>
    b.load.requestsPerSecond > a.load.requestsPerSecond ? b : a,
  );
  // As the REPORT lines' Max Memory Used: the emulator's own reading of each instance.
  const peaks = stack.emulator.functionInstances('Submit').map((i) => i.peakRssBytes);
  const peakMb = Math.max(...peaks) / 1024 / 1024;

  rows.push(...ceilingRows(), ...warmRows(), ...endToEndRows(), {
    section: 'memory',
    figure: `submit instance, peak resident memory after every load above (${peaks.length} instances)`,
    ours: `${fixed(peakMb)} MB (highest)`,
    seedTarget: '< 100 MB per worker',
    values: { peakMb, instances: peaks.length },
  });

  function ceilingRows(): BenchRow[] {
    const section = 'ceilings (this machine, this run)';
    return [
      {
        section,
        figure: 'bare node:http hello, 1 connection (autocannon)',
        ours: describe(hello1),
        values: { ...flat(hello1) },
      },
      {
        section,
        figure: `bare node:http hello, ${CONNECTIONS} connections`,
        ours: describe(hello16),
        values: { ...flat(hello16) },
      },
      {
        section,
        figure: 'PostgreSQL: one feedback row, one statement (its own transaction), 1 connection',
        ours: `${fixed(pg.singleRow.perSecond)} /s, p50 ${fixed(pg.singleRow.p50Ms, 2)} ms`,
        values: { ...pg.singleRow },
      },
      {
        section,
        figure: `PostgreSQL: the same, ${CONNECTIONS} connections`,
        ours: `${fixed(pg.singleRowConcurrent.perSecond)} /s, p99 ${fixed(pg.singleRowConcurrent.p99Ms, 1)} ms`,
        values: { ...pg.singleRowConcurrent },
      },
      {
        section,
        figure: 'PostgreSQL: an `unnest` batch of 500 rows, 1 connection',
        ours: `${fixed(pg.unnest500.perSecond)} rows/s, ${fixed(pg.unnest500.p50Ms, 1)} ms a batch`,
        values: { ...pg.unnest500 },
      },
      {
        section,
        figure: 'PostgreSQL: the same, 4 connections',
        ours: `${fixed(pg.unnest500Concurrent.perSecond)} rows/s`,
        values: { ...pg.unnest500Concurrent },
      },
      {
        section,
        figure: 'Redis round trip (PING), 1 client',
        ours: `p50 ${fixed(redis.roundTrip.p50Ms, 3)} ms, ${fixed(redis.roundTrip.perSecond)} /s`,
        values: { ...redis.roundTrip },
      },
      {
        section,
        figure: `Redis, ${CONNECTIONS} clients`,
        ours: `${fixed(redis.concurrent.perSecond)} /s`,
        values: { ...redis.concurrent },
      },
      {
        section,
        figure: "emulator floor: the submit function's 401 (no I/O), sequential",
        ours: `p50 ${fixed(sequential.floor.p50, 2)} ms, p99 ${fixed(sequential.floor.p99, 2)} ms`,
        values: { ...sequential.floor },
      },
      {
        section,
        figure: `emulator floor: the same, ${CONNECTIONS} connections`,
        ours: `${describe(floor16)}, ${unexpected(floor16, 401)} not 401`,
        ceiling: `node:http ${fixed(hello16.requestsPerSecond)} req/s`,
        ratio: `x${fixed(floor16.requestsPerSecond / hello16.requestsPerSecond, 3)}`,
        values: { ...flat(floor16) },
      },
    ];
  }

  function warmRows(): BenchRow[] {
    const section = 'warm submit';
    const overFloor = sequential.submit.p50 - sequential.floor.p50;
    const bestLoad = best.load;
    const feedbackPerSecond = bestLoad.requestsPerSecond * 500;
    return [
      {
        section,
        figure: 'single `POST /v1/feedback`, sequential (1 connection, warm)',
        ours: `p50 ${fixed(sequential.submit.p50, 2)} ms, p99 ${fixed(sequential.submit.p99, 2)} ms`,
        ceiling: `floor p50 ${fixed(sequential.floor.p50, 2)} ms`,
        ratio: `+${fixed(overFloor, 2)} ms`,
        goal: 'p50 within 2 ms of the floor',
        goalMet: overFloor <= 2,
        values: { ...sequential.submit, floorP50: sequential.floor.p50, overFloorMs: overFloor },
      },
      {
        section,
        figure: 'single submit, 1 connection (autocannon)',
        ours: describe(submit1),
        ceiling: `node:http ${fixed(hello1.requestsPerSecond)} req/s`,
        ratio: `x${fixed(submit1.requestsPerSecond / hello1.requestsPerSecond, 3)}`,
        seedTarget: '> 50 feedback/s',
        values: { ...flat(submit1) },
      },
      {
        section,
        figure: `single submit, ${CONNECTIONS} connections, after ${SECONDS} s of warm-up (${submitInstances} instances of ${RESERVED_CONCURRENCY.Submit} reserved)`,
        ours: `${describe(submit16)}, ${unexpected(submit16, 202)} not 202`,
        ceiling: `floor ${fixed(floor16.requestsPerSecond)} req/s; PostgreSQL ${fixed(pg.singleRowConcurrent.perSecond)} rows/s`,
        ratio: `x${fixed(submit16.requestsPerSecond / floor16.requestsPerSecond, 3)} the floor`,
        goal: '>= 500 req/s, p99 <= 100 ms',
        goalMet: submit16.requestsPerSecond >= 500 && submit16.latencyMs.p99 <= 100,
        seedTarget: '> 50 feedback/s',
        values: { ...flat(submit16), instances: submitInstances },
      },
      {
        section,
        figure: `batch submit, 500 a batch (best of 1, 2, 4 connections: ${best.connections})`,
        ours: `${fixed(feedbackPerSecond)} feedback/s, p50 ${bestLoad.latencyMs.p50} ms a batch, ${unexpected(bestLoad, 202)} not 202`,
        ceiling: `PostgreSQL unnest ${fixed(pg.unnest500Concurrent.perSecond)} rows/s`,
        ratio: `x${fixed(feedbackPerSecond / pg.unnest500Concurrent.perSecond, 3)}`,
        goal: '>= 20,000 feedback/s',
        goalMet: feedbackPerSecond >= 20_000,
        values: {
          feedbackPerSecond,
          connections: best.connections,
          ...Object.fromEntries(
            batches.map((b) => [
              `feedbackPerSecondAt${b.connections}`,
              b.load.requestsPerSecond * 500,
            ]),
          ),
          ...flat(bestLoad),
        },
      },
    ];
  }

  function endToEndRows(): BenchRow[] {
    const section = 'end to end (submit, queue, learn)';
    return [
      {
        section,
        figure: 'one submit until counted in `/v1/metrics`, one at a time',
        ours: `p50 ${fixed(toMetrics.p50)} ms, p95 ${fixed(toMetrics.p95)} ms`,
        values: { ...toMetrics },
      },
      {
        section,
        figure: '200 single submits, 16 in flight, until all are learned',
        ours: `${fixed(e2e.singlesSeconds, 2)} s (${fixed(200 / e2e.singlesSeconds)} feedback/s)`,
        seedTarget: '200 in < 5 s (> 50/s)',
        values: { seconds: e2e.singlesSeconds },
      },
      {
        section,
        figure: 'one batch of 200: accepted, then learned',
        ours: `${fixed(e2e.batchAcceptedSeconds, 2)} s, ${fixed(e2e.batchLearnedSeconds, 2)} s`,
        seedTarget: 'a batch of 200 in < 5 s',
        values: { ...e2e },
      },
    ];
  }
} finally {
  await stack.stop();
}

function flat(load: LoadResult): Record<string, number> {
  return {
    requestsPerSecond: load.requestsPerSecond,
    p50Ms: load.latencyMs.p50,
    p99Ms: load.latencyMs.p99,
    total: load.total,
    unexpectedAnswers: load.total - Math.max(...Object.values(load.statusCounts), 0) + load.errors,
  };
}

if (asJson) {
  console.log(JSON.stringify({ loadSeconds: SECONDS, rows }, null, 2));
} else {
  console.log(`\nrename-feedback benchmark (loopback, this machine, loads of ${SECONDS} s)\n`);
  console.log(renderTable(rows));
  console.log(
    '\nCold starts, init time and memory per function are measured apart (cold figures never mix with warm ones).',
  );
}
