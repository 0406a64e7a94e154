import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { Redis } from 'ioredis';
import pg from 'pg';
import { type LoadResult, runLoad } from './load';
import { quantile } from './local-stack';

/**
 * What this machine can do at all, measured in the same run as the figures they bound:
 * HTTP under the same load tool, PostgreSQL and Redis from Node with no service around them.
 */

/** A bare `node:http` server answering "hello", in its own process, under autocannon. */
export async function helloServerLoad(connections: number, seconds: number): Promise<LoadResult> {
  const server = spawn(
    process.execPath,
    [
      '-e',
      `const s = require('node:http').createServer((q, r) => r.end('hello'));
       s.keepAliveTimeout = 60000;
       s.listen(0, '127.0.0.1', () => process.send(s.address().port));`,
    ],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  try {
    const [port] = (await once(server, 'message')) as [number];
    return await runLoad({
      url: `http://127.0.0.1:${port}/`,
      method: 'GET',
      connections,
      durationSeconds: seconds,
    });
  } finally {
    server.kill();
  }
}

export interface Throughput {
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** Runs `work` on `concurrency` lanes for `seconds`; counts completions, times each. */
async function saturate(
  concurrency: number,
  seconds: number,
  work: (lane: number) => Promise<number>,
): Promise<Throughput> {
  const times: number[] = [];
  let units = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, lane) => {
      while (performance.now() < until) {
        const t0 = performance.now();
        // Not `units += await work()`: that reads `units` before the await, so concurrent
        // lanes would overwrite each other's counts.
        const done = await work(lane);
        units += done;
        times.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return { perSecond: units / elapsed, p50Ms: quantile(times, 0.5), p99Ms: quantile(times, 0.99) };
}

/**
 * A feedback-shaped table (the real one's columns, constraints and indexes), and the least
 * PostgreSQL does per feedback: one row, one statement, its own transaction (so one commit);
 * and 500 rows in one `unnest` statement, as the batch route writes them.
 */
export async function postgresCeilings(databaseUrl: string, seconds: number, lanes: number) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: lanes });
  try {
    await pool.query('CREATE TABLE IF NOT EXISTS bench_rows (LIKE feedback INCLUDING ALL)');
    const row = [
      'default',
      'IMG_0001.JPG',
      '2024-06-01_beach.jpg',
      'approved',
      0.8,
      'bench',
      'bench-user',
      'x'.repeat(64),
    ];
    const insertOne = async () => {
      const id = randomUUID();
      await pool.query(
        `INSERT INTO bench_rows (id, tenant_id, proposal_id, original_filename,
           proposed_filename, action, confidence, model_version, user_id, fingerprint)
         VALUES ($1, $2, $10, $3, $4, $5, $6, $7, $8, $9)`,
        [id, ...row, id],
      );
      return 1;
    };
    const insertBatch = async () => {
      const ids = Array.from({ length: 500 }, () => randomUUID());
      await pool.query(
        `INSERT INTO bench_rows (id, tenant_id, proposal_id, original_filename,
           proposed_filename, action, confidence, model_version, user_id, fingerprint)
         SELECT u.id, $2, u.id::text, $3, $4, $5, $6, $7, $8, $9
           FROM unnest($1::uuid[]) AS u(id)`,
        [ids, ...row],
      );
      return 500;
    };
    await saturate(1, 1, insertOne);
    return {
      singleRow: await saturate(1, seconds, insertOne),
      singleRowConcurrent: await saturate(lanes, seconds, insertOne),
      unnest500: await saturate(1, seconds, insertBatch),
      unnest500Concurrent: await saturate(Math.min(lanes, 4), seconds, insertBatch),
    };
  } finally {
    await pool.query('DROP TABLE IF EXISTS bench_rows').catch(() => undefined);
    await pool.end();
  }
}

/** A Redis round trip (PING), one at a time and with `lanes` clients at once. */
export async function redisCeilings(redisUrl: string, seconds: number, lanes: number) {
  const clients = Array.from({ length: lanes }, () => new Redis(redisUrl));
  try {
    const ping = (lane: number) => (clients[lane] as Redis).ping().then(() => 1);
    await saturate(1, 1, ping);
    return {
      roundTrip: await saturate(1, seconds, ping),
      concurrent: await saturate(lanes, seconds, ping),
    };
  } finally {
    for (const client of clients) client.disconnect();
  }
}
