import '../local/quiet-sdk';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { LOCAL_DATABASE_URL, LOCAL_REDIS_URL } from '../lib/stage';
import { registerApiKey } from '../local/api-keys';
import { dropDatabase, migrate } from '../local/database';
import { startEmulator, synthesize } from '../local/emulator';

/**
 * The learned-state cache, through the emulator as a client sees it: read latency on a hit
 * and on a miss against a baseline (GET /v1/health, interleaved in the same run), and the
 * hit ratio while feedback is learned at a steady rate. Figures, not verdicts.
 */
const TENANT = 'bench-cache';
const LATENCY_ROUNDS = 200;
const MIXED_SECONDS = 5;
const READERS = 4;
const WRITE_EVERY_MS = 20;

const databaseUrl = (() => {
  const url = new URL(process.env.DATABASE_URL ?? LOCAL_DATABASE_URL);
  url.pathname = `/rf_bench_cache_${randomBytes(3).toString('hex')}`;
  return url.toString();
})();
await migrate(databaseUrl);
const key = await registerApiKey(databaseUrl, 'user', { tenantId: TENANT });
const db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
const emulator = await startEmulator({
  port: 0,
  assemblyDir: await synthesize('cdk.out/bench-assembly'),
  environment: {
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? LOCAL_REDIS_URL,
    REDIS_KEY_PREFIX: `bench-cache-${randomBytes(3).toString('hex')}:`,
    RATE_LIMIT_USER_PER_MINUTE: '1000000',
    RATE_LIMIT_METRICS_PER_MINUTE: '1000000',
  },
  schedules: false,
  log: () => {},
});
const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
let sent = 0;
const submit = () =>
  fetch(`${emulator.url}/v1/feedback`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      proposalId: `bench-cache-${sent++}`,
      originalFilename: 'IMG_0001.JPG',
      proposedFilename: '2024-06-01_beach.jpg',
      action: sent % 4 === 0 ? 'rejected' : 'approved',
      confidence: 0.8,
      modelVersion: `v${sent % 3}`,
      userId: `person-${sent % 50}`,
      processingTimeMs: 100,
    }),
  }).then((res) => res.arrayBuffer());

async function timed(path: string, options: RequestInit = {}) {
  const started = performance.now();
  const res = await fetch(`${emulator.url}${path}`, { headers, ...options });
  await res.arrayBuffer();
  return { ms: performance.now() - started, cacheStatus: res.headers.get('cache-status') ?? '' };
}

/** What a commit of `learn` does to the cache: a new version of the tenant's learned state. */
const changeVersion = () =>
  db.query(
    `INSERT INTO learned_state_versions (tenant_id) VALUES ($1)
     ON CONFLICT (tenant_id) DO UPDATE
       SET version = learned_state_versions.version + 1, token = gen_random_uuid()`,
    [TENANT],
  );

for (let i = 0; i < 300; i++) await submit();
await emulator.drain(60_000);

const miss: number[] = [];
const hit: number[] = [];
const baseline: number[] = [];
for (let round = 0; round < LATENCY_ROUNDS; round++) {
  await changeVersion();
  const first = await timed('/v1/metrics');
  const second = await timed('/v1/metrics');
  if (!first.cacheStatus.includes('fwd=miss') || !second.cacheStatus.endsWith('; hit')) {
    throw new Error(`Unexpected cache statuses: ${first.cacheStatus} / ${second.cacheStatus}`);
  }
  miss.push(first.ms);
  hit.push(second.ms);
  baseline.push((await timed('/v1/health')).ms);
}

// Mixed: readers ask three questions while one client submits feedback that learn learns.
const statuses = new Map<string, number>();
const queries = ['/v1/metrics', '/v1/metrics?modelVersion=v1', '/v1/metrics?modelVersion=v2'];
const stopAt = performance.now() + MIXED_SECONDS * 1000;
const versionBefore = await readVersion();
const reader = async () => {
  for (let i = 0; performance.now() < stopAt; i++) {
    const { cacheStatus } = await timed(queries[i % queries.length] ?? '/v1/metrics');
    const kind = cacheStatus.split('; ').slice(1).join('; ');
    statuses.set(kind, (statuses.get(kind) ?? 0) + 1);
  }
};
const writer = async () => {
  while (performance.now() < stopAt) {
    await submit();
    await new Promise((resolve) => setTimeout(resolve, WRITE_EVERY_MS));
  }
};
await Promise.all([writer(), ...Array.from({ length: READERS }, reader)]);
const commits = (await readVersion()) - versionBefore;
const reads = [...statuses.values()].reduce((a, b) => a + b, 0);
const hits = statuses.get('hit') ?? 0;

async function readVersion(): Promise<number> {
  const { rows } = await db.query<{ version: string }>(
    'SELECT version FROM learned_state_versions WHERE tenant_id = $1',
    [TENANT],
  );
  return Number(rows[0]?.version ?? 0);
}
const p = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
};
const line = (title: string, values: number[]) =>
  `${title.padEnd(34)} p50 ${p(values, 0.5).toFixed(2)} ms  p95 ${p(values, 0.95).toFixed(2)} ms  (x${(p(values, 0.5) / p(baseline, 0.5)).toFixed(2)} baseline p50)`;

console.log('\nlearned-state cache (loopback, this machine)\n');
console.log(line('GET /v1/health (baseline)', baseline));
console.log(line('GET /v1/metrics, cache hit', hit));
console.log(line('GET /v1/metrics, cache miss', miss));
console.log(
  `mixed ${MIXED_SECONDS} s, ${READERS} readers x 3 queries, a feedback every ${WRITE_EVERY_MS} ms: ` +
    `${reads} reads (${(reads / MIXED_SECONDS).toFixed(0)}/s), hit ratio ${((100 * hits) / reads).toFixed(1)}%, ` +
    `${commits} learn commits changed the version; ${[...statuses].map(([k, n]) => `${k}: ${n}`).join(', ')}`,
);

await emulator.stop();
await db.end();
await dropDatabase(databaseUrl);
