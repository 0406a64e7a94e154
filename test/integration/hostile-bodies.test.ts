import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scope } from '../../functions/core/api-key';
import { apiRoutes } from '../../functions/core/contract/routes';
import { registerApiKey } from '../../local/api-keys';
import { feedback } from './support/client';
import { startSystem, type TestSystem } from './support/system';

/**
 * Bodies built to hurt: megabytes of field errors, nesting deep enough to overflow a
 * recursive walker, bodies one byte over the limit. Each must be a 4xx under 1 MB that
 * stores nothing.
 */
let system: TestSystem;
const keys = new Map<string, string>();

beforeAll(async () => {
  system = await startSystem('hostile', {
    environment: { RATE_LIMIT_USER_PER_MINUTE: '100000', RATE_LIMIT_ADMIN_PER_MINUTE: '100000' },
  });
  keys.set('user', system.userKey);
  keys.set('admin', system.adminKey);
});
afterAll(async () => {
  await system?.stop();
});

const ONE_MB = 1024 * 1024;

/** `count` keys the feedback schema does not know, short so that 500 items fit in 2 MB. */
const unknownKeys = (count: number) =>
  Object.fromEntries(Array.from({ length: count }, (_, k) => [`x${k.toString(36)}`, 1]));

async function keyFor(scope: string): Promise<string | undefined> {
  if (scope === 'public') return undefined;
  const known = keys.get(scope);
  if (known) return known;
  const minted = await registerApiKey(system.databaseUrl, scope as Scope);
  keys.set(scope, minted);
  return minted;
}

const storedRows = async () =>
  (await system.db.query('SELECT count(*)::int AS n FROM feedback')).rows[0].n as number;

/** Sends raw text so that its size is exactly what the case says. */
async function send(method: string, path: string, text: string, key?: string, extra = {}) {
  const response = await fetch(new URL(path, system.url), {
    method,
    headers: {
      'content-type': 'application/json',
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...extra,
    },
    body: text,
  });
  const raw = await response.text();
  return { status: response.status, size: Buffer.byteLength(raw), body: JSON.parse(raw) };
}

/**
 * The two batches of megabytes, written before any connection is open: on a loaded machine,
 * seconds of JSON.stringify between two requests can outlast the server's keep-alive and
 * have the next request meet a socket the server has just closed.
 */
const badItems = () => Array.from({ length: 499 }, () => ({ ...feedback(), ...unknownKeys(440) }));
const allBad = JSON.stringify({ items: [...badItems(), { ...feedback(), ...unknownKeys(440) }] });
const oneGood = JSON.stringify({
  items: [...badItems(), feedback({ modelVersion: 'hostile-ok' })],
});

describe('field errors by the megabyte', () => {
  it('answers a 1.85 MB batch of 500 items with 440 unknown keys each in 100 errors, counting the rest', async () => {
    const text = allBad;
    expect(text.length).toBeGreaterThan(1.75 * ONE_MB);
    const before = await storedRows();

    const answer = await send('POST', '/v1/feedback/batch', text, system.userKey);

    expect(answer.status).toBe(422);
    expect(answer.body.errors).toHaveLength(100);
    expect(answer.body.omittedErrors).toBe(500 * 440 - 100);
    expect(answer.size).toBeLessThan(ONE_MB / 10);
    expect(await storedRows()).toBe(before);
  });

  it('stores the one valid item of such a batch and lists each result, errors capped', async () => {
    const answer = await send('POST', '/v1/feedback/batch', oneGood, system.userKey);

    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({ accepted: 1, rejected: 499 });
    expect(answer.body.results).toHaveLength(500);
    expect(answer.body.results[0]).toMatchObject({ status: 'rejected', omittedErrors: 420 });
    expect(answer.body.results[499]).toMatchObject({ status: 'accepted' });
    expect(answer.size).toBeLessThan(ONE_MB / 5);
  });

  it('answers one feedback with 5,000 unknown top-level keys with its first 20 errors', async () => {
    const answer = await send(
      'POST',
      '/v1/feedback',
      JSON.stringify({ ...feedback(), ...unknownKeys(5000) }),
      system.userKey,
    );

    expect(answer.status).toBe(422);
    expect(answer.body.errors).toHaveLength(20);
    expect(answer.body.omittedErrors).toBe(4980);
  });

  it('answers a batch envelope with 100,000 unknown keys with 100 errors', async () => {
    const answer = await send(
      'POST',
      '/v1/feedback/batch',
      JSON.stringify({ items: [feedback()], ...unknownKeys(100_000) }),
      system.userKey,
    );

    expect(answer.status).toBe(422);
    expect(answer.body.errors).toHaveLength(100);
    expect(answer.body.omittedErrors).toBe(100_000 - 100);
    expect(answer.size).toBeLessThan(ONE_MB / 10);
  });
});

describe('bodies nested thousands of levels', () => {
  const deep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

  it('answers 422 maxDepth to a feedback whose context nests 30,000 levels, with an Idempotency-Key too', async () => {
    const base = JSON.stringify(feedback({ context: '__deep__' }));
    const text = base.replace('"__deep__"', `{"a":${deep(30_000)}}`);
    const before = await storedRows();

    for (const headers of [{}, { 'idempotency-key': 'deep-context-1' }]) {
      const answer = await send('POST', '/v1/feedback', text, system.userKey, headers);
      expect(answer.status).toBe(422);
      expect(answer.body.errors).toEqual([expect.objectContaining({ rule: 'maxDepth' })]);
    }
    expect(await storedRows()).toBe(before);
  });

  const withBodies = apiRoutes.filter((route) => route.body !== undefined);

  it.each(withBodies.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s answers 422 to a deep body and 413 to one byte over its limit',
    async (_name, route) => {
      const key = await keyFor(route.scope);
      const path = route.path
        .replace('{id}', '00000000-0000-4000-8000-000000000000')
        .replace(/\{[^}]+\}/g, 'v1');
      const limit = route.body?.maxBytes ?? 0;

      // As deep as the limit lets it be: 8,191 levels in the 16 KiB of an experiment.
      const tooDeep = await send(route.method, path, deep(Math.min(30_000, limit / 2 - 1)), key);
      const tooLarge = await send(route.method, path, `"${'x'.repeat(limit - 1)}"`, key);

      expect(tooDeep.status).toBe(422);
      expect(tooDeep.body.errors).toEqual([expect.objectContaining({ rule: 'maxDepth' })]);
      expect(tooLarge.status).toBe(413);
    },
  );
});
