import { query } from './postgres';

/** What a cached read of a tenant's learned state is keyed by, read from PostgreSQL. */
export interface LearnedStateVersion {
  /** The database's identity, written at migration. */
  database: string;
  /** Changes with every commit of `learn` for the tenant; null before its first one. */
  token: string | null;
}

/**
 * One primary-key read per cached read: the version comes from the source of truth, so a
 * read that starts after `learn` committed always sees that commit's version.
 */
export async function readLearnedStateVersion(tenantId: string): Promise<LearnedStateVersion> {
  const { rows } = await query<{ database: string; token: string | null }>(
    `SELECT (SELECT id FROM database_identity) AS database,
            (SELECT token FROM learned_state_versions WHERE tenant_id = $1) AS token`,
    [tenantId],
  );
  const row = rows[0];
  if (!row?.database) {
    throw new Error('database_identity is empty: the migrations have not run on this database');
  }
  return { database: row.database, token: row.token };
}
