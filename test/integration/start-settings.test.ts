import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDatabase } from '../../local/database';
import { freePort } from '../support/free-port';
import { type LocalStack, startLocalStack } from '../support/local-stack';
import { call, feedback } from './support/client';
import { recordFunctionLog } from './support/function-logs';
import { testDatabaseServerUrl, testRedisUrl } from './support/urls';

// The functions' settings reach them from `npm start`'s environment under their own names
// (README, Configuration): a limit set there is the limit served.
const LIMIT = 3;
const name = `rf_test_start_settings_${randomBytes(4).toString('hex')}`;
const databaseUrl = (() => {
  const url = new URL(testDatabaseServerUrl());
  url.pathname = `/${name}`;
  return url.toString();
})();
const userKey = `settings_user_${randomBytes(16).toString('hex')}`;
let stateDir: string;
let stack: LocalStack | undefined;

beforeAll(async () => {
  stateDir = await mkdtemp(path.join(tmpdir(), 'rf-start-settings-'));
  stack = await startLocalStack({
    env: {
      DATABASE_URL: databaseUrl,
      REDIS_URL: testRedisUrl(),
      PORT: String(await freePort()),
      LOCAL_STATE_DIR: stateDir,
      BOOTSTRAP_USER_KEY: userKey,
      RATE_LIMIT_USER_PER_MINUTE: String(LIMIT),
      // Tracing off loads none of the tracer: the functions must serve without it too.
      POWERTOOLS_TRACE_ENABLED: 'false',
      REDIS_KEY_PREFIX: `${name}:`,
    },
    log: recordFunctionLog,
  });
}, 120_000);

afterAll(async () => {
  await stack?.kill();
  await dropDatabase(databaseUrl);
  await rm(stateDir, { recursive: true, force: true });
});

describe('npm start with RATE_LIMIT_USER_PER_MINUTE=3 and POWERTOOLS_TRACE_ENABLED=false', () => {
  it('serves that limit: the policy says it, and the request past it is a 429', async () => {
    const url = stack?.url as string;
    const statuses: number[] = [];
    let policy: string | null = null;
    for (let i = 0; i <= LIMIT; i++) {
      const answer = await call(url, 'POST', '/v1/feedback', {
        key: userKey,
        body: feedback({ modelVersion: 'start-settings' }),
      });
      statuses.push(answer.status);
      policy ??= answer.headers.get('ratelimit-policy');
    }
    expect(statuses).toEqual([...Array.from({ length: LIMIT }, () => 202), 429]);
    expect(policy).toMatch(new RegExp(`;q=${LIMIT};w=60$`));
  });
});
