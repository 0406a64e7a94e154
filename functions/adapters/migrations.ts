import { runner } from 'node-pg-migrate';

/**
 * Applies every migration in `dir` not yet recorded in `pgmigrations`, in file order, and
 * nothing when all are. node-pg-migrate holds an advisory lock meanwhile, so two runs at
 * once take turns; a failed migration rolls back and is thrown. Returns the names applied.
 */
export async function applyMigrations(
  databaseUrl: string,
  dir: string,
  log: (line: string) => void = () => {},
): Promise<string[]> {
  const applied = await runner({
    databaseUrl,
    dir,
    direction: 'up',
    migrationsTable: 'pgmigrations',
    checkOrder: true,
    log,
    logger: { debug: () => {}, info: log, warn: log, error: log },
  });
  return applied.map((migration) => migration.name);
}
