import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SQL_LIKE } from './fuzz/hostile-values';
import { call, feedback } from './support/client';
import { startSystem, type TestSystem } from './support/system';

/**
 * SQL in every string a client can send: stored exactly as the text it is, or refused by
 * the field's rules, and never run. Each case reads the value back, and the tables it could
 * have harmed are counted at the end.
 */
let system: TestSystem;
let keysAtStart: number;

beforeAll(async () => {
  system = await startSystem('sql_text', {
    environment: {
      RATE_LIMIT_USER_PER_MINUTE: '100000',
      RATE_LIMIT_METRICS_PER_MINUTE: '100000',
      RATE_LIMIT_ADMIN_PER_MINUTE: '100000',
    },
  });
  keysAtStart = await count('api_keys');
});
afterAll(async () => {
  await system?.stop();
});

const user = (method: string, path: string, body?: unknown) =>
  call(system.url, method, path, { key: system.userKey, body });
const admin = (method: string, path: string, body?: unknown) =>
  call(system.url, method, path, { key: system.adminKey, body });
const count = async (table: string) =>
  (await system.db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n as number;
const encode = encodeURIComponent;

/** A file name refuses "/" and "\\" (it would be a path), SQL or not. */
const nameFrom = (sql: string) => sql.replace(/[\\/]/g, '_');

describe.each(SQL_LIKE)('the text %j', (sql) => {
  it('is stored as text in every free-text field of a feedback', async () => {
    const sent = feedback({
      originalFilename: `${nameFrom(sql)}.jpg`,
      proposedFilename: `${nameFrom(sql)}.png`,
      action: 'modified',
      userFilename: nameFrom(sql),
      userId: sql,
      context: { [sql]: sql, nested: { note: sql } },
    });
    const stored = await user('POST', '/v1/feedback', sent);
    expect(stored.status).toBe(202);

    const read = await user('GET', `/v1/feedback/${stored.body.id}`);
    expect(read.body).toMatchObject({
      originalFilename: `${nameFrom(sql)}.jpg`,
      proposedFilename: `${nameFrom(sql)}.png`,
      userFilename: nameFrom(sql),
      userId: sql,
      context: { [sql]: sql, nested: { note: sql } },
    });
  });

  it.each(['proposalId', 'modelVersion', 'experimentId', 'variant'])(
    'is refused in the patterned field %s',
    async (field) => {
      const answer = await user('POST', '/v1/feedback', {
        ...feedback({ experimentId: 'exp', variant: 'a' }),
        [field]: sql,
      });
      expect(answer.status).toBe(422);
      expect(answer.body.errors).toEqual([
        expect.objectContaining({ path: field, rule: 'pattern' }),
      ]);
    },
  );

  it('is stored as text in an experiment, and refused as its layer', async () => {
    const created = await admin('POST', '/v1/experiments', {
      name: sql,
      description: sql,
      seed: sql,
      variants: [
        { key: 'control', modelVersion: 'v1', weight: 0.5 },
        { key: 'b', modelVersion: 'v2', weight: 0.5 },
      ],
      minimumDetectableEffect: 0.05,
    });
    expect(created.status).toBe(201);
    const read = await admin('GET', `/v1/experiments/${created.body.experimentId}`);
    expect(read.body).toMatchObject({ name: sql, description: sql, seed: sql });

    const layered = await admin('POST', '/v1/experiments', { ...created.body, layer: sql });
    expect(layered.status).toBe(422);
  });

  it('is a person, a file name or a key like any other in the other routes', async () => {
    const preferences = await user('GET', `/v1/users/${encode(sql)}/preferences`);
    expect(preferences.status).toBe(200);
    expect(preferences.body.userId).toBe(sql);

    const applied = await user('POST', `/v1/users/${encode(sql)}/preferences/apply`, {
      filename: `${nameFrom(sql)}.jpg`,
    });
    expect(applied.body).toMatchObject({ filename: `${nameFrom(sql)}.jpg`, changed: false });

    const assignments = await user('GET', `/v1/assignments?userId=${encode(sql)}`);
    expect(assignments.body).toMatchObject({ userId: sql, assignments: [] });
  });

  it('is refused in every patterned path and query parameter', async () => {
    const refused = await Promise.all([
      user('GET', `/v1/feedback/${encode(sql)}`),
      user('GET', `/v1/models/${encode(sql)}/calibration`),
      user('GET', `/v1/metrics?modelVersion=${encode(sql)}`),
      admin('GET', `/v1/experiments/${encode(sql)}`),
      admin('GET', `/v1/experiments?layer=${encode(sql)}`),
      admin('GET', `/v1/training-data?cursor=${encode(sql)}`),
      admin('POST', '/v1/learning/retrain', { modelVersion: sql }),
    ]);
    expect(refused.map((answer) => answer.status)).toEqual([404, 422, 422, 404, 422, 400, 422]);
  });
});

describe('after all of it', () => {
  it('still has every table, holding exactly what was accepted', async () => {
    expect(await count('feedback')).toBe(SQL_LIKE.length);
    expect(await count('api_keys')).toBe(keysAtStart);
    expect(await count('outbox')).toBeLessThanOrEqual(SQL_LIKE.length);
  });
});
