import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, feedback } from './support/client';
import { startSystem, type TestSystem } from './support/system';
import { maintenanceDatabaseUrl } from './support/urls';

let system: TestSystem;

// Nothing listens on port 1: every Redis command fails at once.
beforeAll(async () => {
  system = await startSystem('degraded', { redisUrl: 'redis://127.0.0.1:1' });
});
afterAll(async () => {
  await system?.stop();
});

async function setConnectionsAllowed(allowed: boolean) {
  const admin = new pg.Client({ connectionString: maintenanceDatabaseUrl() });
  await admin.connect();
  try {
    const name = new URL(system.databaseUrl).pathname.slice(1);
    await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS ${allowed}`);
    if (!allowed) {
      await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1',
        [name],
      );
    }
  } finally {
    await admin.end();
  }
}

describe('with a dependency down', () => {
  it('serves metrics from PostgreSQL when Redis is unreachable', async () => {
    const body = feedback({ modelVersion: 'no-redis' });
    expect(
      (await call(system.url, 'POST', '/v1/feedback', { key: system.userKey, body })).status,
    ).toBe(202);
    await system.emulator.drain();
    const answer = await call(system.url, 'GET', '/v1/metrics?modelVersion=no-redis', {
      key: system.userKey,
    });
    expect(answer.status).toBe(200);
    expect(answer.body.total).toBe(1);
  });

  it('answers 503 with Retry-After while PostgreSQL refuses connections, and stores it once it is back', async () => {
    await system.db.end();
    await setConnectionsAllowed(false);
    const body = feedback({ modelVersion: 'no-postgres' });
    try {
      const refused = await call(system.url, 'POST', '/v1/feedback', { key: system.userKey, body });
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('5');
      expect(JSON.stringify(refused.body)).not.toMatch(
        /pg_|postgres|127\.0\.0\.1|ALLOW_CONNECTIONS/i,
      );
      const health = await call(system.url, 'GET', '/v1/health');
      expect(health.status).toBe(503);
    } finally {
      await setConnectionsAllowed(true);
      system.db = new pg.Pool({ connectionString: system.databaseUrl, max: 2 });
    }
    const retried = await call(system.url, 'POST', '/v1/feedback', { key: system.userKey, body });
    expect(retried.status).toBe(202);
    await system.emulator.drain();
    const stored = await system.db.query(
      "SELECT count(*)::int AS n FROM feedback WHERE model_version = 'no-postgres'",
    );
    expect(stored.rows[0].n).toBe(1);
  });
});
