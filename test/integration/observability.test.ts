import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { InvocationTrace } from '../../local/emulator';
import { call, feedback } from './support/client';
import { recentFunctionLogs } from './support/function-logs';
import { startSystem, type TestSystem } from './support/system';

let system: TestSystem;

beforeAll(async () => {
  system = await startSystem('observability');
});
afterAll(async () => {
  await system?.stop();
});

interface EmfDocument {
  _aws: {
    CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[];
  };
  [field: string]: unknown;
}

/** The EMF documents a function wrote since `from` (its log lines read `[Name] {...}`). */
function emfDocumentsOf(functionName: string, from: number): EmfDocument[] {
  const prefix = `[${functionName}] `;
  return recentFunctionLogs()
    .slice(from)
    .filter((line) => line.startsWith(prefix) && line.includes('"CloudWatchMetrics"'))
    .map((line) => JSON.parse(line.slice(prefix.length)) as EmfDocument);
}

describe('metrics of a request, as CloudWatch reads them from the function logs', () => {
  it('counts one accepted feedback in one EMF line of the submit request, by service and stage', async () => {
    const from = recentFunctionLogs().length;
    const submitted = await call(system.url, 'POST', '/v1/feedback', {
      key: system.userKey,
      body: feedback({ modelVersion: 'observed-1' }),
    });
    expect(submitted.status).toBe(202);

    const documents = emfDocumentsOf('Submit', from);
    expect(documents).toHaveLength(1);
    expect(documents[0]).toMatchObject({
      FeedbackAccepted: 1,
      service: 'rename-feedback',
      stage: 'local',
      _aws: {
        CloudWatchMetrics: [
          {
            Namespace: 'RenameFeedback',
            Dimensions: [['service', 'stage']],
            Metrics: [{ Name: 'FeedbackAccepted', Unit: 'Count' }],
          },
        ],
      },
    });
  });

  it('writes no metrics line for a request that counted nothing', async () => {
    const from = recentFunctionLogs().length;
    const health = await call(system.url, 'GET', '/v1/health');
    expect(health.status).toBe(200);
    expect(emfDocumentsOf('Public', from)).toEqual([]);
  });

  it('reports how many feedback learn learned, and how long they waited', async () => {
    // What the tests above submitted is learned first, in batches of its own.
    await system.emulator.drain();
    const from = recentFunctionLogs().length;
    await call(system.url, 'POST', '/v1/feedback', {
      key: system.userKey,
      body: feedback({ modelVersion: 'observed-2' }),
    });
    await system.emulator.drain();
    const learned = emfDocumentsOf('Learn', from);
    expect(learned.length).toBeGreaterThan(0);
    const total = learned.reduce((sum, d) => sum + Number(d.FeedbackLearned ?? 0), 0);
    expect(total).toBe(1);
    expect(learned.find((d) => 'LearnLagMax' in d)).toMatchObject({
      LearnLagMax: expect.any(Number),
      LearnLagMean: expect.any(Number),
      LearnBatchSize: 1,
    });
  });
});

/**
 * The trace of the last invocation of `functionName` since `from` (an index into the
 * emulator's traces), once its handler's own subsegment has arrived: the SDK sends each
 * subsegment as it closes, the handler's last, by UDP, apart from the answer.
 */
async function lastTraceOf(functionName: string, from: number): Promise<InvocationTrace> {
  return vi.waitFor(
    () => {
      const trace = system.emulator
        .traces()
        .slice(from)
        .filter((t) => t.functionName === functionName)
        .at(-1);
      if (!trace?.segments.some((s) => s.name === '## index.handler')) {
        throw new Error(`No complete trace of ${functionName} yet`);
      }
      return trace;
    },
    { timeout: 5_000, interval: 20 },
  );
}

describe('traces of a request, as X-Ray receives them from the functions', () => {
  it('shows where a submit spent its time: PostgreSQL, Redis and SQS, under one trace', async () => {
    const from = system.emulator.traces().length;
    const submitted = await call(system.url, 'POST', '/v1/feedback', {
      key: system.userKey,
      body: feedback({ modelVersion: 'traced-1' }),
    });
    expect(submitted.status).toBe(202);

    const trace = await lastTraceOf('Submit', from);
    expect(trace.sampled).toBe(true);
    expect(trace.traceId).toMatch(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    expect(new Set(trace.segments.map((s) => s.trace_id))).toEqual(new Set([trace.traceId]));
    const names = trace.segments.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['PostgreSQL', 'Redis', 'SQS']));
    const handler = trace.segments.find((s) => s.name === '## index.handler');
    expect(handler?.annotations).toMatchObject({ ColdStart: expect.any(Boolean) });
    expect(handler?.fault).toBeUndefined();
    // Each call is a subsegment of the handler's, named for what it did, never for its values.
    for (const call of trace.segments.filter((s) => s.name !== '## index.handler')) {
      expect(call.parent_id, call.name).toBe(handler?.id);
      expect(call.annotations?.operation, call.name).toMatch(/^[A-Za-z][\w -]*$/);
      expect(call.end_time, call.name).toBeGreaterThanOrEqual(call.start_time);
    }
    expect(trace.segments.find((s) => s.name === 'SQS')).toMatchObject({
      namespace: 'aws',
      aws: { operation: 'SendMessageBatch' },
    });
    // What the request carried (the key, the body) is in no segment.
    const sent = JSON.stringify(trace.segments);
    expect(sent).not.toContain(system.userKey);
    expect(sent).not.toContain('traced-1');
  });

  it('adds the idempotency records in DynamoDB when the request carries an Idempotency-Key', async () => {
    const from = system.emulator.traces().length;
    const submitted = await call(system.url, 'POST', '/v1/feedback', {
      key: system.userKey,
      headers: { 'idempotency-key': randomUUID() },
      body: feedback({ modelVersion: 'traced-2' }),
    });
    expect(submitted.status).toBe(202);

    const trace = await lastTraceOf('Submit', from);
    const dynamo = trace.segments.filter((s) => s.name === 'DynamoDB');
    expect(dynamo.length).toBeGreaterThan(0);
    expect(dynamo[0]).toMatchObject({ namespace: 'aws', trace_id: trace.traceId });
    expect(trace.segments.map((s) => s.name)).toEqual(
      expect.arrayContaining(['PostgreSQL', 'Redis', 'SQS']),
    );
  });

  it("marks a refused request as the client's error, not a fault of the function", async () => {
    const from = system.emulator.traces().length;
    const refused = await call(system.url, 'POST', '/v1/feedback', {
      key: 'not-a-key',
      body: feedback(),
    });
    expect(refused.status).toBe(401);
    const handler = (await lastTraceOf('Submit', from)).segments.find(
      (s) => s.name === '## index.handler',
    );
    expect(handler).toMatchObject({ error: true });
    expect(handler?.fault).toBeUndefined();
  });
});
