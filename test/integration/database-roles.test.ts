import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_ROLES } from '../../lib/constructs/data-stores';
import { dropDatabase, migrate } from '../../local/database';
import { maintenanceDatabaseUrl } from './support/urls';

// What each function's PostgreSQL role (sql/013_function_roles.sql) may do, read back from the
// catalogue of a freshly migrated database. That the grants are enough is proven by every
// other integration test: the emulator runs each function as its role.

const PRIVILEGES = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'];
const WRITES = ['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE'];
const ROLES = Object.values(DATABASE_ROLES);

const databaseUrls: string[] = [];
let db: pg.Pool;
/** role -> table -> privileges held. */
let grants: Map<string, Map<string, Set<string>>>;
let tables: string[];

function freshDatabaseUrl(): string {
  const url = new URL(maintenanceDatabaseUrl());
  url.pathname = `/rf_test_roles_${randomBytes(4).toString('hex')}`;
  databaseUrls.push(url.toString());
  return url.toString();
}

beforeAll(async () => {
  // Two databases of one cluster migrated at once: both make the same cluster-wide roles, and
  // neither may fail because the other got there first.
  const [first, second] = [freshDatabaseUrl(), freshDatabaseUrl()] as const;
  await Promise.all([migrate(first), migrate(second)]);
  db = new pg.Pool({ connectionString: first, max: 2 });
  const listed = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_name <> 'pgmigrations' ORDER BY table_name`,
  );
  tables = listed.rows.map((row) => row.table_name);
  grants = new Map();
  for (const role of ROLES) {
    const held = new Map<string, Set<string>>();
    for (const table of tables) {
      const { rows } = await db.query<{ privilege: string }>(
        `SELECT p AS privilege FROM unnest($3::text[]) p WHERE has_table_privilege($1, $2, p)`,
        [role, table, PRIVILEGES],
      );
      if (rows.length > 0) held.set(table, new Set(rows.map((row) => row.privilege)));
    }
    grants.set(role, held);
  }
}, 60_000);

afterAll(async () => {
  await db?.end();
  for (const url of databaseUrls) await dropDatabase(url);
});

function writesOf(role: string): string[] {
  return [...(grants.get(role) ?? new Map<string, Set<string>>())]
    .filter(([, privileges]) => WRITES.some((write) => privileges.has(write)))
    .map(([table]) => table)
    .sort();
}

/** Runs `statement` as `role`, as a function's connection does, and returns its SQLSTATE. */
async function sqlStateAs(role: string, statement: string): Promise<string | undefined> {
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SET LOCAL ROLE ${role}`);
    await client.query(statement);
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
}

describe('per-function PostgreSQL roles', () => {
  it('are made by the migrations, cannot log in by themselves outside RDS, and bypass nothing', async () => {
    const { rows } = await db.query<{
      rolname: string;
      rolcanlogin: boolean;
      rolsuper: boolean;
      rolbypassrls: boolean;
      rolcreaterole: boolean;
      rolcreatedb: boolean;
    }>(
      `SELECT rolname, rolcanlogin, rolsuper, rolbypassrls, rolcreaterole, rolcreatedb
         FROM pg_roles WHERE rolname = ANY($1) ORDER BY rolname`,
      [ROLES],
    );
    expect(rows.map((row) => row.rolname)).toEqual([...ROLES].sort());
    for (const row of rows) {
      expect(row).toMatchObject({
        rolcanlogin: false,
        rolsuper: false,
        rolbypassrls: false,
        rolcreaterole: false,
        rolcreatedb: false,
      });
    }
  });

  it('grant every table to some function: a new table without grants fails here', () => {
    const granted = new Set(ROLES.flatMap((role) => [...(grants.get(role)?.keys() ?? [])]));
    expect(tables.filter((table) => !granted.has(table))).toEqual([]);
  });

  it('leave metrics and public read-only, and public without even a read', () => {
    expect(writesOf(DATABASE_ROLES.Metrics)).toEqual([]);
    expect(writesOf(DATABASE_ROLES.Public)).toEqual([]);
    expect([...(grants.get(DATABASE_ROLES.Public)?.keys() ?? [])]).toEqual([]);
  });

  it('let submit write only feedback, its outbox rows and experiment assignments', () => {
    expect(writesOf(DATABASE_ROLES.Submit)).toEqual([
      'experiment_assignments',
      'feedback',
      'outbox',
    ]);
    expect(grants.get(DATABASE_ROLES.Submit)?.get('feedback')).toEqual(
      new Set(['SELECT', 'INSERT']),
    );
  });

  it('let only ops write keys, and nobody truncate, delete feedback or change the schema', () => {
    for (const role of ROLES) {
      const keys = grants.get(role)?.get('api_keys') ?? new Set<string>();
      if (role !== DATABASE_ROLES.Ops)
        expect(
          [...keys].filter((p) => p !== 'SELECT'),
          role,
        ).toEqual([]);
      for (const [table, privileges] of grants.get(role) ?? []) {
        expect(privileges.has('TRUNCATE'), `${role} ${table}`).toBe(false);
        expect(privileges.has('REFERENCES') || privileges.has('TRIGGER'), `${role} ${table}`).toBe(
          false,
        );
        if (privileges.has('DELETE'))
          expect(`${role} ${table}`).toBe('rename_feedback_learn outbox');
      }
    }
  });

  it('refuse what a role was not granted, with permission denied (42501)', async () => {
    expect(
      await sqlStateAs(
        DATABASE_ROLES.Metrics,
        `UPDATE feedback SET learned_at = now() WHERE false`,
      ),
    ).toBe('42501');
    expect(await sqlStateAs(DATABASE_ROLES.Submit, 'DELETE FROM feedback WHERE false')).toBe(
      '42501',
    );
    expect(await sqlStateAs(DATABASE_ROLES.Public, 'SELECT 1 FROM api_keys LIMIT 1')).toBe('42501');
    expect(await sqlStateAs(DATABASE_ROLES.Experiments, 'SELECT 1 FROM feedback LIMIT 1')).toBe(
      '42501',
    );
    expect(await sqlStateAs(DATABASE_ROLES.Learn, 'CREATE TABLE intruder (id int)')).toBe('42501');
    // And allow what it was: the readiness check of the public function, by the catalogue.
    expect(
      await sqlStateAs(DATABASE_ROLES.Public, `SELECT to_regclass('feedback')`),
    ).toBeUndefined();
  });
});
