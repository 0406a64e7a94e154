import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAIM_FEEDBACK } from '#adapters/learning-store';
import { dropDatabase, migrate } from '../../local/database';
import { maintenanceDatabaseUrl } from './support/urls';

// The claim must stay an index look-up per id whatever the backlog and whatever the
// statistics say: a fresh backlog of one tenant, not analysed yet, once made the planner
// walk that tenant's unlearned rows for every id of the batch (quadratic: 2,000 ids x
// 54,000 rows took past the 8 s query timeout, and learning stopped).
const BACKLOG = 20_000;
const BATCH = 2_000;

let databaseUrl: string;
let db: pg.Pool;

beforeAll(async () => {
  const url = new URL(maintenanceDatabaseUrl());
  url.pathname = `/rf_test_claim_plan_${randomBytes(4).toString('hex')}`;
  databaseUrl = url.toString();
  await migrate(databaseUrl);
  db = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  // Statistics that lag behind, as they do right after a burst: never analysed.
  await db.query('ALTER TABLE feedback SET (autovacuum_enabled = false)');
  await db.query(
    `INSERT INTO feedback (id, tenant_id, proposal_id, original_filename, proposed_filename,
       action, confidence, model_version, user_id, fingerprint)
     SELECT gen_random_uuid(), 'busy', 'p-' || g, 'IMG_1.JPG', 'beach.jpg', 'approved', 0.5,
       'v1', 'u-' || (g % 50), md5(g::text)
       FROM generate_series(1, $1) g`,
    [BACKLOG],
  );
});
afterAll(async () => {
  await db?.end();
  if (databaseUrl) await dropDatabase(databaseUrl);
});

function indexesIn(plan: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(plan)) for (const item of plan) indexesIn(item, found);
  else if (plan && typeof plan === 'object') {
    for (const [key, value] of Object.entries(plan)) {
      if (key === 'Index Name' && typeof value === 'string') found.add(value);
      else indexesIn(value, found);
    }
  }
  return found;
}

describe('the claim of a batch', () => {
  it('looks each feedback up by its primary key, never by a scan of the backlog', async () => {
    const { rows } = await db.query<{ id: string; tenant_id: string }>(
      'SELECT id, tenant_id FROM feedback ORDER BY id LIMIT $1',
      [BATCH],
    );
    const client = await db.connect();
    try {
      await client.query('BEGIN');
      const explained = await client.query<{ 'QUERY PLAN': unknown }>(
        `EXPLAIN (FORMAT JSON) ${CLAIM_FEEDBACK}`,
        [rows.map((r) => r.id), rows.map((r) => r.tenant_id)],
      );
      const indexes = indexesIn(explained.rows[0]?.['QUERY PLAN']);
      expect([...indexes].sort()).toEqual(['feedback_pkey', 'outbox_pkey']);
      // And it claims the batch, each once.
      const claimed = await client.query(CLAIM_FEEDBACK, [
        rows.map((r) => r.id),
        rows.map((r) => r.tenant_id),
      ]);
      expect(claimed.rowCount).toBe(BATCH);
      const again = await client.query(CLAIM_FEEDBACK, [
        rows.map((r) => r.id),
        rows.map((r) => r.tenant_id),
      ]);
      expect(again.rowCount).toBe(0);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });

  it('claims nothing for an id named with another tenant', async () => {
    const { rows } = await db.query<{ id: string }>('SELECT id FROM feedback LIMIT 3');
    const claimed = await db.query(CLAIM_FEEDBACK, [
      rows.map((r) => r.id),
      rows.map(() => 'someone-else'),
    ]);
    expect(claimed.rowCount).toBe(0);
  });
});
