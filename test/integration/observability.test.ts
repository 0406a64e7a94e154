import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
