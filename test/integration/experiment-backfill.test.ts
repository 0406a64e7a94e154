import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { runner } from 'node-pg-migrate';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMoments,
  aggregatePersonIncrements,
  type MomentSums,
  type PersonSums,
  RATIO_METRICS,
  variantMomentDeltas,
  ZERO_MOMENTS,
} from '#core/experiments/person-outcomes';
import { dropDatabase, ensureDatabase, migrate } from '../../local/database';
import { maintenanceDatabaseUrl } from './support/urls';

// Migration 010 backfills per-person sums and moments in SQL from feedback learned before
// it; `learn` computes the same in TypeScript from then on. They must agree, edit distances
// over code points included, or results would change with the path a person's data took.
const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '..', '..', 'sql');
let databaseUrl: string;
let db: pg.Pool;

beforeAll(async () => {
  const url = new URL(maintenanceDatabaseUrl());
  url.pathname = `/rf_test_backfill_${randomBytes(4).toString('hex')}`;
  databaseUrl = url.toString();
  await ensureDatabase(databaseUrl);
  await runner({
    databaseUrl,
    dir: MIGRATIONS_DIR,
    direction: 'up',
    count: 9,
    migrationsTable: 'pgmigrations',
    log: () => {},
  });
  db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
});
afterAll(async () => {
  await db?.end();
  if (databaseUrl) await dropDatabase(databaseUrl);
});

const NAMES = ['beach.jpg', 'plage_été.jpg', '🏖️-day.jpg', 'IMG_0001.JPG', 'b.jpg'];

describe('migration 010', () => {
  it('backfills what learn would have kept, person by person and moment by moment', async () => {
    const rows: {
      tenantId: string;
      experimentId: string | null;
      variant: string | null;
      userId: string;
      action: 'approved' | 'rejected' | 'modified';
      proposedFilename: string;
      userFilename: string | null;
      receivedAt: Date;
    }[] = [];
    const start = Date.parse('2026-01-01T00:00:00Z');
    for (let person = 0; person < 12; person++) {
      const userId = `person-${person}`;
      const variant = person % 2 === 0 ? 'control' : 'treatment';
      // History before the experiment for some, then several decisions in it.
      for (let i = 0; i < person % 4; i++) {
        rows.push({
          tenantId: 't',
          experimentId: null,
          variant: null,
          userId,
          action: i % 2 === 0 ? 'approved' : 'rejected',
          proposedFilename: 'old.jpg',
          userFilename: null,
          receivedAt: new Date(start - 86_400_000 + i * 1000),
        });
      }
      for (let i = 0; i < 1 + (person % 5); i++) {
        const action =
          (['approved', 'rejected', 'modified'] as const)[(person + i) % 3] ?? 'approved';
        rows.push({
          tenantId: 't',
          experimentId: 'exp-1',
          variant,
          userId,
          action,
          proposedFilename: NAMES[(person + i) % NAMES.length] ?? 'a.jpg',
          userFilename:
            action === 'modified' ? (NAMES[(person + 2 * i + 1) % NAMES.length] ?? 'z') : null,
          receivedAt: new Date(start + 3_600_000 + person * 60_000 + i * 1000),
        });
      }
      await db.query(
        `INSERT INTO experiment_assignments (tenant_id, experiment_id, user_id, variant, assigned_at)
         VALUES ('t', 'exp-1', $1, $2, $3)`,
        [userId, variant, new Date(start + person * 60_000)],
      );
    }
    for (const row of rows) {
      await db.query(
        `INSERT INTO feedback (id, tenant_id, proposal_id, original_filename, proposed_filename,
           user_filename, action, confidence, model_version, user_id, experiment_id, variant,
           fingerprint, received_at, learned_at)
         VALUES ($1, $2, $3, 'IMG.JPG', $4, $5, $6, 0.5, 'v1', $7, $8, $9, 'f', $10, $10)`,
        [
          randomUUID(),
          row.tenantId,
          `p-${randomUUID()}`,
          row.proposedFilename,
          row.userFilename,
          row.action,
          row.userId,
          row.experimentId,
          row.variant,
          row.receivedAt,
        ],
      );
    }

    await migrate(databaseUrl);

    // What learn would keep, learning the experiment's feedback in one batch.
    const increments = aggregatePersonIncrements(rows);
    const history = (userId: string) => rows.filter((r) => r.userId === userId && !r.experimentId);
    const people = increments.map((increment) => {
      const before = history(increment.userId);
      const after: PersonSums = {
        decided: increment.decided,
        approved: increment.approved,
        modified: increment.modified,
        editDistanceSum: increment.editDistanceSum,
        preDecided: before.length,
        preApproved: before.filter((r) => r.action === 'approved').length,
      };
      return { increment, after };
    });
    const stored = await db.query(
      `SELECT user_id, decided::int, approved::int, modified::int, edit_distance_sum,
              pre_decided::int, pre_approved::int
         FROM experiment_person_outcomes ORDER BY user_id`,
    );
    expect(stored.rows).toHaveLength(people.length);
    for (const { increment, after } of people) {
      const row = stored.rows.find((r) => r.user_id === increment.userId);
      expect(row).toMatchObject({
        decided: after.decided,
        approved: after.approved,
        modified: after.modified,
        pre_decided: after.preDecided,
        pre_approved: after.preApproved,
      });
      expect(row?.edit_distance_sum).toBeCloseTo(after.editDistanceSum, 12);
    }

    const expected = new Map<string, MomentSums>();
    for (const { variant, metric, delta } of variantMomentDeltas(people)) {
      const key = `${variant}/${metric}`;
      expected.set(key, addMoments(expected.get(key) ?? ZERO_MOMENTS, delta));
    }
    const moments = await db.query(
      `SELECT variant, metric, n::int, sum_x, sum_m, sum_xx, sum_mm, sum_xm, sum_h, sum_y, sum_yy,
              sum_xh, sum_mh, sum_xy, sum_my FROM experiment_variant_moments`,
    );
    expect(moments.rows).toHaveLength(expected.size);
    expect(new Set(moments.rows.map((r) => r.metric))).toEqual(new Set(RATIO_METRICS));
    for (const row of moments.rows) {
      const want = expected.get(`${row.variant}/${row.metric}`);
      expect(want).toBeDefined();
      const got: Record<string, number> = {
        n: row.n,
        sumX: row.sum_x,
        sumM: row.sum_m,
        sumXX: row.sum_xx,
        sumMM: row.sum_mm,
        sumXM: row.sum_xm,
        sumH: row.sum_h,
        sumY: row.sum_y,
        sumYY: row.sum_yy,
        sumXH: row.sum_xh,
        sumMH: row.sum_mh,
        sumXY: row.sum_xy,
        sumMY: row.sum_my,
      };
      for (const [key, value] of Object.entries(want ?? {})) expect(got[key]).toBeCloseTo(value, 9);
    }
  });
});
