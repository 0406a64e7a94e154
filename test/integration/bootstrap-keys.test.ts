import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BootstrapKeys, setUpDatabase } from '../../functions/adapters/bootstrap-keys';
import { hashApiKey } from '../../functions/core/api-key';
import { migrationFiles } from '../../lib/constructs/database-migrations';
import { dropDatabase, ensureDatabase } from '../../local/database';
import { testDatabaseServerUrl } from './support/urls';

/**
 * What the migration function does after reading its secrets, against a database of its
 * own: migrations applied, the bootstrap keys registered, nothing changed by a second run,
 * and a rotated secret replacing the key it rotated.
 */
const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '../../sql');
const bootstrapKey = () =>
  randomBytes(30)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, 'x');

let databaseUrl: string;
let db: pg.Pool;

beforeAll(async () => {
  const url = new URL(testDatabaseServerUrl());
  url.pathname = `/rf_test_bootstrap_${randomBytes(4).toString('hex')}`;
  databaseUrl = url.toString();
  await ensureDatabase(databaseUrl);
  db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
});
afterAll(async () => {
  await db?.end();
  if (databaseUrl) await dropDatabase(databaseUrl);
});

/** Who a key opens the API to, as the key look-up reads api_keys: live rows by full hash. */
async function ownerOf(key: string) {
  const { rows } = await db.query<{ scope: string; tenant_id: string | null; label: string }>(
    'SELECT scope, tenant_id, label FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL',
    [hashApiKey(key)],
  );
  return rows;
}

const snapshot = async () =>
  (
    await db.query(
      'SELECT id, scope, tenant_id, label, created_at, revoked_at FROM api_keys ORDER BY id',
    )
  ).rows;

describe('the migration function, once it has its secrets', () => {
  const keys: BootstrapKeys = { admin: bootstrapKey(), operator: bootstrapKey() };

  it('applies every migration and registers both bootstrap keys', async () => {
    const setup = await setUpDatabase(databaseUrl, MIGRATIONS_DIR, keys);
    expect(setup.applied).toEqual(migrationFiles().map((name) => name.replace(/\.sql$/, '')));
    expect(setup.registered).toEqual(['bootstrap-admin', 'bootstrap-operator']);
    expect(await ownerOf(keys.admin)).toEqual([
      { scope: 'admin', tenant_id: 'default', label: 'bootstrap-admin' },
    ]);
    expect(await ownerOf(keys.operator)).toEqual([
      { scope: 'operator', tenant_id: null, label: 'bootstrap-operator' },
    ]);
  });

  it('changes nothing when run again with the same secrets', async () => {
    const before = await snapshot();
    const setup = await setUpDatabase(databaseUrl, MIGRATIONS_DIR, keys);
    expect(setup).toEqual({ applied: [], registered: [], revoked: 0 });
    expect(await snapshot()).toEqual(before);
  });

  it('revokes the old key of a rotated secret and registers the new one', async () => {
    const rotated = { ...keys, admin: bootstrapKey() };
    const setup = await setUpDatabase(databaseUrl, MIGRATIONS_DIR, rotated);
    expect(setup).toEqual({ applied: [], registered: ['bootstrap-admin'], revoked: 1 });
    expect(await ownerOf(keys.admin)).toEqual([]);
    expect(await ownerOf(rotated.admin)).toEqual([
      { scope: 'admin', tenant_id: 'default', label: 'bootstrap-admin' },
    ]);
    expect(await ownerOf(keys.operator)).toHaveLength(1);
  });

  it('fails, registering nothing, when a secret is not a bootstrap key', async () => {
    const before = await snapshot();
    await expect(
      setUpDatabase(databaseUrl, MIGRATIONS_DIR, { ...keys, operator: 'short' }),
    ).rejects.toThrow(/bootstrap operator key/);
    expect(await snapshot()).toEqual(before);
  });
});
