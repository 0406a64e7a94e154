import path from 'node:path';
import { logger } from '#adapters/logger';
import { applyMigrations } from '#adapters/migrations';
import { readDatabaseUrl } from '#adapters/postgres';

/** The bundle carries sql/*.sql beside index.mjs (lib/constructs/database-migrations.ts). */
const MIGRATIONS_DIR = path.join(import.meta.dirname, 'sql');

/**
 * Run by the stack's trigger during `cdk deploy`, before the API's functions are updated:
 * applies the pending migrations of sql/. A failure throws, which fails the trigger and
 * so the deployment; with nothing pending it changes nothing.
 */
export async function handler(): Promise<{ applied: string[] }> {
  const applied = await applyMigrations(await readDatabaseUrl(), MIGRATIONS_DIR, (line) =>
    logger.info(line),
  );
  logger.info('Migrations applied', { applied });
  return { applied };
}
