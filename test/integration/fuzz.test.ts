import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadApiDocument } from './fuzz/api-document';
import { createConformance } from './fuzz/conformance';
import { Figures } from './fuzz/figures';
import { Ledger } from './fuzz/ledger';
import { type FuzzRequest, requestsFor } from './fuzz/requests';
import { bodyBytes, send } from './fuzz/send';
import type { FuzzWorld } from './fuzz/world';
import { buildWorld } from './fuzz/world-fixtures';
import { recentFunctionLogs } from './support/function-logs';
import { startSystem, type TestSystem } from './support/system';

/**
 * The whole API, fuzzed from its own document: for every operation of openapi.json,
 * requests that are valid and requests broken at one place (a body field, the body's form
 * or size, a path or query parameter, a header, the credential), seeded. Every answer must
 * be one the document declares for the operation, with a body its schema accepts (Ajv,
 * JSON Schema 2020-12), under 1 MB, no 5xx, and no internals in an error; and at the end,
 * everything stored must be accounted for by an accepted request.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 20_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
// The smallest reserved concurrency of a function behind the API is 4 (ops): more in
// flight would have the gateway throttle, which says nothing of the API.
const CONCURRENCY = 4;

const document = loadApiDocument();
const violationsOf = createConformance(document);
const ledger = new Ledger();
const figures = new Figures();
const failures: string[] = [];
let system: TestSystem;
let world: FuzzWorld;

async function run(generated: FuzzRequest, known: FuzzWorld = world) {
  const request = ledger.withRecentId(generated);
  const answer = await send(system.url, request, known, () => {
    figures.gatewayThrottles += 1;
  });
  ledger.record(request, answer);
  const found = violationsOf(request.operation, answer);
  if (found.length > 0 && failures.length < 200) {
    const { operationId, method } = request.operation;
    const sent = request.body ? bodyBytes(request.body).subarray(0, 300).toString() : '';
    // A 5xx says nothing to the client: what the function logged says what broke.
    const logged =
      answer.status >= 500
        ? (recentFunctionLogs().findLast((line) => line.includes('"level":"ERROR"')) ?? '')
        : '';
    failures.push(
      `${operationId} (${request.kind}: ${request.detail}; key ${request.credential}) ` +
        `${method} ${request.target.slice(0, 120)} ${sent} -> ${found.join('; ')} ` +
        `| ${answer.text.slice(0, 200)} ${logged.slice(0, 800)}`,
    );
  }
  return answer;
}

beforeAll(async () => {
  system = await startSystem('fuzz', {
    environment: {
      // One client sending far more than a person would; and no training jobs but the
      // fuzz's own, so that every job is accounted for by an answer.
      RATE_LIMIT_USER_PER_MINUTE: '100000000',
      RATE_LIMIT_METRICS_PER_MINUTE: '100000000',
      RATE_LIMIT_ADMIN_PER_MINUTE: '100000000',
      RETRAIN_FEEDBACK_THRESHOLD: '100000000',
      DRIFT_REFERENCE_SIZE: '100000000',
    },
  });
  world = await buildWorld(system, document.operations, run);
}, 180_000);
afterAll(async () => {
  await system?.stop();
});

describe('the whole API under fuzzing', () => {
  it(`answers ${RUNS} generated requests as its document says, storing only what it accepts`, async () => {
    const components = document.raw.components.schemas;
    const literals = new Set(
      document.operations.flatMap((o) => o.path.split('/').filter((s) => s && !s.startsWith('{'))),
    );
    const byOperation = new Map(
      document.operations.map((o) => [o, requestsFor(o, world, components, literals)]),
    );
    const cases = fc.sample(
      fc
        .constantFrom(...document.operations)
        .chain((o) => byOperation.get(o) ?? fc.constant(undefined)),
      { numRuns: RUNS, seed: SEED },
    );
    // Generating took seconds of the event loop: let it see the sockets the server closed
    // meanwhile (keep-alive timed out), or the first requests would be written into them.
    await new Promise((resolve) => setTimeout(resolve, 200));
    let next = 0;
    const worker = async () => {
      for (let request = cases[next++]; request; request = cases[next++]) {
        const started = performance.now();
        const answer = await run(request);
        figures.count(request, answer.status, performance.now() - started, answer.bytes);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    await system.emulator.drain();
    const differences = await ledger.differences(system.db, system.emulator.dynamodbEndpoint);
    console.log(figures.report(SEED));

    expect(failures.slice(0, 15)).toEqual([]);
    expect(differences).toEqual([]);
    expect(figures.requests).toBe(RUNS);
    expect(figures.byOperation.size).toBe(document.operations.length);
    // About 2 min on the idle 2-core machine; 575 s has been seen under others' load.
  }, 1_200_000);
});
