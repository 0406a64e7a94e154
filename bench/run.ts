import '../local/quiet-sdk';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { RESERVED_CONCURRENCY } from '../lib/rename-feedback-stack';
import { LOCAL_DATABASE_URL, LOCAL_REDIS_URL } from '../lib/stage';
import { registerApiKey } from '../local/api-keys';
import { dropDatabase, migrate } from '../local/database';
import { startEmulator, synthesize } from '../local/emulator';

/**
 * Figures, not verdicts: start time, submit-to-metrics latency, and submit throughput
 * against a baseline (GET /v1/health through the same emulator, in the same run).
 * Bounded: a few seconds of loopback traffic per measurement.
 */
const databaseUrl = (() => {
  const url = new URL(process.env.DATABASE_URL ?? LOCAL_DATABASE_URL);
  url.pathname = `/rf_bench_${randomBytes(3).toString('hex')}`;
  return url.toString();
})();

const t0 = performance.now();
const assemblyDir = await synthesize('cdk.out/bench-assembly');
const synthMs = performance.now() - t0;
await migrate(databaseUrl);
const userKey = await registerApiKey(databaseUrl, 'user');
const t1 = performance.now();
const emulator = await startEmulator({
  port: 0,
  assemblyDir,
  environment: {
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? LOCAL_REDIS_URL,
    REDIS_KEY_PREFIX: 'bench:',
    // Measure the service, not its 429s: one key sends the whole load.
    RATE_LIMIT_USER_PER_MINUTE: '1000000',
    RATE_LIMIT_METRICS_PER_MINUTE: '1000000',
  },
  schedules: false,
  log: () => {},
});
const emulatorMs = performance.now() - t1;

const headers = { authorization: `Bearer ${userKey}`, 'content-type': 'application/json' };
let counter = 0;
const feedbackBody = (modelVersion: string) =>
  JSON.stringify({
    proposalId: `bench-${Date.now()}-${counter++}`,
    originalFilename: 'IMG_0001.JPG',
    proposedFilename: '2024-06-01_beach.jpg',
    action: 'approved',
    confidence: 0.8,
    modelVersion,
    userId: 'bench-user',
    processingTimeMs: 100,
  });

async function metricsTotal(modelVersion: string): Promise<number> {
  const res = await fetch(`${emulator.url}/v1/metrics?modelVersion=${modelVersion}`, { headers });
  return ((await res.json()) as { total: number }).total;
}

// Submit-to-metrics latency: from sending a feedback to seeing it counted.
const latencies: number[] = [];
for (let i = 0; i < 30; i++) {
  const modelVersion = `latency-${i}`;
  const started = performance.now();
  await fetch(`${emulator.url}/v1/feedback`, {
    method: 'POST',
    headers,
    body: feedbackBody(modelVersion),
  });
  while ((await metricsTotal(modelVersion)) < 1) await new Promise((r) => setTimeout(r, 5));
  latencies.push(performance.now() - started);
}
latencies.sort((a, b) => a - b);
const pct = (q: number) =>
  latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)] ?? NaN;

async function load(title: string, options: autocannon.Options) {
  // As many connections as the public function (the baseline's) has instances, so the
  // baseline measures the emulator's path, not its throttling; submit gets as many.
  const result = await autocannon({
    connections: RESERVED_CONCURRENCY.Public,
    duration: 5,
    ...options,
  });
  const non2xx = result.non2xx;
  console.log(
    `${title.padEnd(28)} ${result.requests.average.toFixed(0).padStart(6)} req/s  p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  non-2xx ${non2xx}`,
  );
  return result;
}

console.log('\nrename-feedback benchmark (loopback, this machine)\n');
console.log(
  `synth: ${(synthMs / 1000).toFixed(1)} s, emulator start: ${(emulatorMs / 1000).toFixed(1)} s`,
);
console.log(
  `submit -> counted in /v1/metrics (n=${latencies.length}): p50 ${pct(0.5)?.toFixed(0)} ms, p95 ${pct(0.95)?.toFixed(0)} ms, max ${latencies.at(-1)?.toFixed(0)} ms\n`,
);
const baseline = await load('GET /v1/health (baseline)', { url: `${emulator.url}/v1/health` });
const submit = await load('POST /v1/feedback', {
  url: `${emulator.url}/v1/feedback`,
  method: 'POST',
  headers,
  requests: [{ setupRequest: (req) => ({ ...req, body: feedbackBody('throughput') }) }],
});
const drainStarted = performance.now();
await emulator.drain(120_000);
console.log(
  `learn caught up ${((performance.now() - drainStarted) / 1000).toFixed(1)} s after the load stopped`,
);
console.log(
  `submit / baseline throughput: ${(submit.requests.average / baseline.requests.average).toFixed(2)}`,
);

await emulator.stop();
await dropDatabase(databaseUrl);
