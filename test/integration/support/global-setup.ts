import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { synthesize } from '../../../local/emulator';
import { maintenanceDatabaseUrl, testRedisUrl } from './urls';

declare module 'vitest' {
  export interface ProvidedContext {
    assemblyDir: string;
  }
}

/** Once per run: check PostgreSQL and Redis answer, and synthesize the stack for every suite. */
export default async function setup(project: TestProject) {
  const client = new pg.Client({ connectionString: maintenanceDatabaseUrl() });
  await client.connect().catch((error: Error) => {
    throw new Error(`PostgreSQL is not reachable at ${maintenanceDatabaseUrl()}: ${error.message}`);
  });
  await client.end();
  const redis = new Redis(testRedisUrl(), { lazyConnect: true, maxRetriesPerRequest: 0 });
  await redis.connect().catch((error: Error) => {
    throw new Error(`Redis is not reachable at ${testRedisUrl()}: ${error.message}`);
  });
  redis.disconnect();

  // A directory of this run's own: two test runs at once must not bundle into one place.
  const outdir = await mkdtemp(path.join(tmpdir(), 'rename-feedback-assembly-'));
  project.provide('assemblyDir', await synthesize(outdir));
  return async () => {
    await rm(outdir, { recursive: true, force: true });
  };
}
