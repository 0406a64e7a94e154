import autocannon from 'autocannon';
import type { Emulator } from '../../local/emulator';

/** What the benchmark does to one function. */
export interface Workload {
  /** One invocation: enough to start an instance of the function. */
  probe(): Promise<void>;
  /** Its hot path under a short load, bounded to about `seconds`, on loopback. */
  load(seconds: number): Promise<void>;
  /** Its largest inputs or answers, after the load: they count in the peak memory only. */
  stress?(seconds: number): Promise<void>;
}

export interface WorkloadContext {
  emulator: Emulator;
  userKey: string;
  adminKey: string;
}

let counter = 0;
function feedback(): Record<string, unknown> {
  counter += 1;
  return {
    proposalId: `cold-${Date.now()}-${counter}`,
    originalFilename: 'IMG_0001.JPG',
    proposedFilename: '2024-06-01_beach.jpg',
    action: counter % 3 === 0 ? 'modified' : 'approved',
    ...(counter % 3 === 0 ? { userFilename: '2024-06-01_beach-trip.jpg' } : {}),
    confidence: 0.8,
    modelVersion: 'cold-start',
    userId: `person-${counter % 50}`,
    processingTimeMs: 100,
  };
}

const batchOf500 = () => JSON.stringify({ items: Array.from({ length: 500 }, feedback) });

/** The load of every function, by short name; learn's and the sweeper's come from submit's. */
export function workloads({
  emulator,
  userKey,
  adminKey,
}: WorkloadContext): Record<string, Workload> {
  const url = (path: string) => `${emulator.url}${path}`;
  const auth = (key: string) => ({
    authorization: `Bearer ${key}`,
    'content-type': 'application/json',
  });
  const fetchOk = async (path: string, key: string, init: RequestInit = {}) => {
    const answer = await fetch(url(path), { ...init, headers: auth(key) });
    await answer.arrayBuffer();
    if (answer.status >= 500) throw new Error(`${path} answered ${answer.status}`);
  };
  const hammer = async (seconds: number, connections: number, options: autocannon.Options) => {
    const result = await autocannon({ duration: seconds, connections, ...options });
    if (result.errors > 0 || result['5xx'] > 0) {
      throw new Error(`${options.url}: ${result.errors} errors, ${result['5xx']} 5xx`);
    }
  };
  const submitBatches = (seconds: number, connections: number) =>
    hammer(seconds, connections, {
      url: url('/v1/feedback/batch'),
      method: 'POST',
      headers: auth(userKey),
      requests: [{ setupRequest: (request) => ({ ...request, body: batchOf500() }) }],
    });
  const get = (path: string, key: string, connections: number) => (seconds: number) =>
    hammer(seconds, connections, { url: url(path), headers: auth(key) });
  const invokeFor = (name: string, event: unknown) => async (seconds: number) => {
    const until = performance.now() + seconds * 1000;
    while (performance.now() < until) await emulator.invoke(name, event);
  };
  return {
    Submit: {
      probe: () =>
        fetchOk('/v1/feedback', userKey, { method: 'POST', body: JSON.stringify(feedback()) }),
      // The load: single submits at 16 connections; then batches of 500.
      load: (seconds) =>
        hammer(seconds, 16, {
          url: url('/v1/feedback'),
          method: 'POST',
          headers: auth(userKey),
          requests: [
            { setupRequest: (request) => ({ ...request, body: JSON.stringify(feedback()) }) },
          ],
        }),
      stress: (seconds) => submitBatches(seconds, 2),
    },
    Learn: {
      probe: async () => {
        await emulator.invoke('Learn', { Records: [] });
      },
      // Full batches of 10, five at a time (the mapping's), from batches submitted now.
      load: async (seconds) => {
        await submitBatches(seconds, 2);
        await emulator.drain(120_000);
      },
    },
    Metrics: { probe: () => fetchOk('/v1/metrics', userKey), load: get('/v1/metrics', userKey, 4) },
    Experiments: {
      probe: () => fetchOk('/v1/assignments?userId=person-1', userKey),
      load: get('/v1/assignments?userId=person-1', userKey, 4),
    },
    Ops: {
      probe: () => fetchOk('/v1/learning/status', adminKey),
      load: get('/v1/training-data', adminKey, 2),
      // Its largest answers: pages of 5,000 training examples.
      stress: get('/v1/training-data?limit=5000', adminKey, 2),
    },
    Public: {
      probe: () => fetchOk('/v1/health', userKey),
      load: get('/v1/health', userKey, 2),
      stress: get('/v1/openapi.json', userKey, 2),
    },
    OutboxSweeper: {
      probe: async () => {
        await emulator.invoke('OutboxSweeper', {});
      },
      load: invokeFor('OutboxSweeper', {}),
    },
  };
}
