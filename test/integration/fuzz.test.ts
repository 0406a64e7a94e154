import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedbackInputSchema } from '../../functions/core/feedback';
import { feedback } from './support/client';
import { startSystem, type TestSystem } from './support/system';

/**
 * Thousands of generated bad requests against the real API: none may cause a 5xx, store a
 * row or queue a message. Bodies start from a valid feedback and break it one way at a
 * time (a missing field, a wrong type, a hostile string, an unknown field, broken JSON);
 * headers break the content type, the Idempotency-Key or the Authorization.
 */
const CASES = Number(process.env.FUZZ_CASES ?? 10_000);
const CONCURRENCY = 8;
const SEED = Number(process.env.FUZZ_SEED ?? 20261124);

let system: TestSystem;

beforeAll(async () => {
  system = await startSystem('fuzz', {
    // The fuzzer is one client sending far more than a person would.
    environment: {
      RATE_LIMIT_USER_PER_MINUTE: '1000000',
      RATE_LIMIT_METRICS_PER_MINUTE: '1000000',
    },
  });
});
afterAll(async () => {
  await system?.stop();
});

const FIELDS = [
  'proposalId',
  'originalFilename',
  'proposedFilename',
  'userFilename',
  'action',
  'confidence',
  'modelVersion',
  'userId',
  'experimentId',
  'variant',
  'processingTimeMs',
  'context',
] as const;

const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.constantFrom(
    '',
    '.',
    '..',
    'a/b',
    'a\\b',
    'a\u0000b',
    '\ud800',
    'x'.repeat(256),
    '日'.repeat(86),
  ),
  fc.string({
    unit: fc.constantFrom('\u0000', '\u001f', '\u007f', '\u0085', '/', '\\', 'é', 'e\u0301'),
    maxLength: 20,
  }),
);

const brokenValue = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  hostileString,
  fc.double(),
  fc.constant(null),
);

/** A body that is invalid in at least one way (checked against the schema before it is sent). */
const badFeedback = fc.oneof(
  fc.record({ field: fc.constantFrom(...FIELDS), value: brokenValue }).map(({ field, value }) => ({
    ...feedback(),
    [field]: value,
  })),
  fc.constantFrom(...FIELDS).map((field) => {
    const body: Record<string, unknown> = feedback({ action: 'modified', userFilename: 'x.jpg' });
    delete body[field];
    return body;
  }),
  fc
    .record({
      key: fc.string({ minLength: 1, maxLength: 20 }),
      value: fc.anything({ maxDepth: 2 }),
    })
    .map(({ key, value }) => ({
      ...feedback(),
      [`extra_${key}`]: value,
    })),
  fc.anything({ maxDepth: 3 }),
);

type FuzzRequest = { path: string; body: string; headers: Record<string, string> };

const goodHeaders = (key: string) => ({
  authorization: `Bearer ${key}`,
  'content-type': 'application/json',
});

function requests(userKey: string): fc.Arbitrary<FuzzRequest> {
  const bodyCase = fc
    .record({
      batch: fc.boolean(),
      body: badFeedback,
      truncateAt: fc.option(fc.nat({ max: 400 }), { freq: 5 }),
    })
    .map(({ batch, body, truncateAt }): FuzzRequest | undefined => {
      const text = JSON.stringify(batch ? { items: [body] } : body) ?? 'undefined';
      // Judge what the server will see: JSON drops undefined, turns NaN into null, and so on.
      const sent = JSON.parse(JSON.stringify(body) ?? 'null') as unknown;
      if (feedbackInputSchema.safeParse(sent).success) return undefined;
      return {
        path: batch ? '/v1/feedback/batch' : '/v1/feedback',
        body: truncateAt === null ? text : text.slice(0, truncateAt),
        headers: goodHeaders(userKey),
      };
    });
  const headerCase = fc
    .record({
      header: fc.constantFrom('content-type', 'idempotency-key', 'authorization'),
      value: fc.oneof(
        fc.string({ maxLength: 300 }),
        fc.constantFrom('', 'text/plain', 'application/xml', 'Bearer ', 'Basic x', 'a'.repeat(300)),
      ),
    })
    .map(({ header, value }): FuzzRequest | undefined => {
      const headers: Record<string, string> = { ...goodHeaders(userKey), [header]: value };
      // Only values that make the request invalid; header values must also be sendable.
      if (header === 'content-type' && /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(value))
        return undefined;
      if (header === 'idempotency-key' && /^[\x21-\x7E]{1,255}$/.test(value)) return undefined;
      if (header === 'authorization' && value === `Bearer ${userKey}`) return undefined;
      if (!/^[\t\x20-\x7E]*$/.test(value) || value !== value.trim()) return undefined;
      return { path: '/v1/feedback', body: JSON.stringify(feedback()), headers };
    });
  return fc
    .oneof({ arbitrary: bodyCase, weight: 4 }, { arbitrary: headerCase, weight: 1 })
    .filter((r): r is FuzzRequest => r !== undefined);
}

describe('fuzzing the submit routes', () => {
  it(`answers ${CASES} bad requests with 4xx, storing and queueing nothing`, async () => {
    const cases = fc.sample(requests(system.userKey), { numRuns: CASES, seed: SEED });
    const statuses = new Map<number, number>();
    const serverErrors: string[] = [];
    let next = 0;
    async function worker() {
      while (next < cases.length) {
        const request = cases[next++];
        if (!request) break;
        const response = await fetch(new URL(request.path, system.url), {
          method: 'POST',
          headers: request.headers,
          body: request.body,
        });
        await response.arrayBuffer();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        if (response.status >= 500 || response.status < 400) {
          serverErrors.push(
            `${response.status} ${request.path} ${JSON.stringify(request.headers)} ${request.body.slice(0, 200)}`,
          );
        }
      }
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    await system.emulator.drain();

    const stored = await system.db.query(
      'SELECT (SELECT count(*) FROM feedback)::int AS feedback, (SELECT count(*) FROM outbox)::int AS outbox',
    );
    const depth = async (name: string) => {
      const queues = await fetch(new URL('/v1/admin/queues', system.url), {
        headers: goodHeaders(system.operatorKey),
      });
      const body = (await queues.json()) as Record<string, { visible: number; inFlight: number }>;
      const queue = body[name];
      return (queue?.visible ?? 0) + (queue?.inFlight ?? 0);
    };
    console.log(
      `fuzz: ${cases.length} cases (seed ${SEED}), statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    expect(cases.length).toBe(CASES);
    expect(serverErrors.slice(0, 10)).toEqual([]);
    expect(stored.rows[0]).toEqual({ feedback: 0, outbox: 0 });
    expect(await depth('feedbackQueue')).toBe(0);
    expect(await depth('deadLetterQueue')).toBe(0);
  }, 600_000);
});
