import path from 'node:path';
import { type DatabaseSetup, readBootstrapKeys, setUpDatabase } from '#adapters/bootstrap-keys';
import { readDatabaseUrl } from '#adapters/database-login';
import { logger } from '#adapters/logger';

/** The bundle carries sql/*.sql beside index.mjs (lib/constructs/database-migrations.ts). */
const MIGRATIONS_DIR = path.join(import.meta.dirname, 'sql');

/**
 * Run by the stack's trigger during `cdk deploy`, before the API's functions are updated:
 * applies the pending migrations of sql/, then registers the stack's bootstrap keys (their
 * secrets, lib/constructs/bootstrap-keys.ts). A failure throws, which fails the trigger and
 * so the deployment; with nothing pending and no rotated secret it changes nothing.
 */
export async function handler(): Promise<DatabaseSetup> {
  const [databaseUrl, keys] = await Promise.all([readDatabaseUrl(), readBootstrapKeys()]);
  const setup = await setUpDatabase(databaseUrl, MIGRATIONS_DIR, keys, (line) => logger.info(line));
  logger.info('Database set up', { ...setup });
  return setup;
}
