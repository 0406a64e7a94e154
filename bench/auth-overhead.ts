import { randomBytes } from 'node:crypto';
import { LOCAL_DATABASE_URL, LOCAL_REDIS_URL } from '../lib/stage';
import { registerApiKey } from '../local/api-keys';
import { dropDatabase, migrate } from '../local/database';
import '../local/quiet-sdk';
import { apiEvent, lambdaContext } from '../test/unit/support/api-gateway';

/**
 * What authentication and rate limiting add to a request, measured in-process (no HTTP,
 * no emulator, so the difference is the middleware alone): the same trivial route served
 * as public (baseline) and as a user route (key look-up, cached as in a warm instance,
 * plus one Redis rate-limit script), alternating so machine noise hits both alike.
 */
const url = new URL(process.env.DATABASE_URL ?? LOCAL_DATABASE_URL);
url.pathname = `/rf_bench_auth_${randomBytes(3).toString('hex')}`;
const databaseUrl = url.toString();
await migrate(databaseUrl);
const key = await registerApiKey(databaseUrl, 'user');

process.env.DATABASE_URL = databaseUrl;
process.env.REDIS_URL = process.env.REDIS_URL ?? LOCAL_REDIS_URL;
process.env.REDIS_KEY_PREFIX = `bench-auth-${randomBytes(3).toString('hex')}:`;
process.env.RATE_LIMIT_METRICS_PER_MINUTE = '100000000';
process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
const { createApiHandler } = await import('../functions/http/create-api-handler');

const ok = async () => ({ status: 200, body: { ok: true } });
const handler = createApiHandler({
  'GET /public': { scope: 'public', handle: ok },
  'GET /private': { scope: 'user', handle: ok },
});
const publicEvent = apiEvent('GET /public');
const privateEvent = apiEvent('GET /private', {
  headers: { ...publicEvent.headers, authorization: `Bearer ${key}` },
});

async function time(event: typeof publicEvent): Promise<number> {
  const started = process.hrtime.bigint();
  const response = await handler(event, lambdaContext());
  if (response.statusCode !== 200)
    throw new Error(`Unexpected ${response.statusCode}: ${response.body}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const ROUNDS = 3_000;
for (let i = 0; i < 200; i++) {
  await time(publicEvent);
  await time(privateEvent);
}
const baseline: number[] = [];
const guarded: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  baseline.push(await time(publicEvent));
  guarded.push(await time(privateEvent));
}
const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
};
console.log(`\nauth + rate limit overhead (in-process, n=${ROUNDS} each)`);
for (const q of [0.5, 0.99]) {
  const base = quantile(baseline, q);
  const withAuth = quantile(guarded, q);
  console.log(
    `  p${q * 100}: public ${base.toFixed(3)} ms, user route ${withAuth.toFixed(3)} ms, added ${(withAuth - base).toFixed(3)} ms (x${(withAuth / base).toFixed(1)})`,
  );
}
const { redisClient } = await import('../functions/adapters/redis');
redisClient()?.disconnect();
const { getPool } = await import('../functions/adapters/postgres');
await (await getPool()).end();
await dropDatabase(databaseUrl);
