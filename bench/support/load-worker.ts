import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import type { LoadOptions, LoadResult } from './load';

/**
 * One autocannon load, in a process of its own so that the load tool never shares an event
 * loop with the emulator it measures. Options come as JSON in argv; the result is printed
 * as JSON on stdout.
 */
const options = JSON.parse(process.argv[2] ?? '{}') as LoadOptions;
const run = randomBytes(4).toString('hex');
let sent = 0;

/** A new proposal each time: the same one again would be a duplicate, a cheaper path. */
function feedbackItem(): Record<string, unknown> {
  sent += 1;
  return {
    proposalId: `load-${run}-${sent}`,
    originalFilename: 'IMG_0001.JPG',
    proposedFilename: '2024-06-01_beach.jpg',
    action: sent % 4 === 0 ? 'rejected' : 'approved',
    confidence: 0.8,
    modelVersion: 'load',
    userId: `load-user-${sent % 50}`,
    processingTimeMs: 100,
  };
}

function bodyOf(kind: LoadOptions['body']): string | undefined {
  if (kind === 'feedback') return JSON.stringify(feedbackItem());
  if (typeof kind === 'object') {
    return JSON.stringify({ items: Array.from({ length: kind.batchOf }, feedbackItem) });
  }
  return kind === 'empty-json' ? '{}' : undefined;
}

const result = await autocannon({
  url: options.url,
  method: options.method,
  headers: options.headers,
  connections: options.connections,
  duration: options.durationSeconds,
  requests: [{ setupRequest: (request) => ({ ...request, body: bodyOf(options.body) }) }],
});
const statusCounts = Object.fromEntries(
  Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [
    code,
    (stats as { count: number }).count,
  ]),
);
const answer: LoadResult = {
  requestsPerSecond: result.requests.total / result.duration,
  latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
  total: result.requests.total,
  statusCounts,
  errors: result.errors,
  timeouts: result.timeouts,
  seconds: result.duration,
};
process.stdout.write(`${JSON.stringify(answer)}\n`);
