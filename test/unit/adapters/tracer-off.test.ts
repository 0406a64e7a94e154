import { afterAll, describe, expect, it, vi } from 'vitest';

/*
 * POWERTOOLS_TRACE_ENABLED=false, read when adapters/tracer.ts loads: nothing of the
 * tracer (nor the X-Ray SDK and its async hook) is imported, and every helper passes
 * straight through.
 */
vi.stubEnv('POWERTOOLS_TRACE_ENABLED', 'false');
vi.resetModules();
const tracer = await import('#adapters/tracer');

afterAll(() => {
  vi.unstubAllEnvs();
});

describe('the tracer, turned off', () => {
  it('says so, and hands back the very client it was given', () => {
    expect(tracer.tracingEnabled).toBe(false);
    const client = { send: () => undefined };
    expect(tracer.captureAwsClient(client)).toBe(client);
    expect(tracer.isTraceSampled()).toBe(false);
    expect(tracer.invocationTracing()).toBeUndefined();
  });

  it('runs a traced call alone, without a subsegment', async () => {
    let given: unknown = 'unset';
    const answer = await tracer.traced('PostgreSQL', 'SELECT', async (subsegment) => {
      given = subsegment;
      return 7;
    });
    expect(answer).toBe(7);
    expect(given).toBeUndefined();
    expect(tracer.traceHeaderOf(undefined)).toBeUndefined();
  });

  it('wraps no handler', () => {
    const handler = async () => 'done';
    expect(tracer.tracingInvocations(handler)).toBe(handler);
  });

  it('did not load the X-Ray SDK (it would have registered its async hook by now)', () => {
    // cls-hooked, which the SDK loads, keeps its namespaces on process.namespaces.
    expect((process as { namespaces?: Record<string, unknown> }).namespaces?.AWSXRay).toBe(
      undefined,
    );
  });
});
