import '../local/quiet-sdk';
import { FeedbackClient, type FeedbackInput } from '../client/src/index';
import { synthesize } from '../local/emulator';
import { startBenchStack } from './support/local-stack';

/**
 * The client SDK's figures (no pass or fail): what `record` costs the caller, how much
 * memory a queued item holds, and how fast the client delivers to the local stack.
 * Run with `node --expose-gc` (as `npm run bench` does) for the memory figures.
 */
const gc = (globalThis as { gc?: () => void }).gc;

function items(prefix: string, count: number): FeedbackInput[] {
  return Array.from({ length: count }, (_, n) => ({
    proposalId: `${prefix}-${n}`,
    originalFilename: `IMG_${String(n).padStart(6, '0')}.JPG`,
    proposedFilename: `2024-06-01_beach-trip-${n}.jpg`,
    ...(n % 3 === 2 ? { userFilename: `Beach trip ${n}.jpg` } : {}),
    action: n % 3 === 2 ? 'modified' : n % 3 === 1 ? 'rejected' : 'approved',
    confidence: (n % 100) / 100,
    modelVersion: 'v1.4.2',
    userId: `person-${n % 500}`,
    processingTimeMs: 80 + (n % 40),
  }));
}

/** A client that never sends during the measurement: the cost measured is record's own. */
const idleClient = (options: Partial<ConstructorParameters<typeof FeedbackClient>[0]> = {}) =>
  new FeedbackClient({
    baseUrl: 'http://127.0.0.1:9',
    apiKey: 'bench',
    flushAt: 10_000_000,
    flushIntervalMs: 3_600_000,
    maxQueueSize: 1_000_000,
    maxQueueBytes: 1024 * 1024 * 1024,
    ...options,
  });

const percentile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;

function measureRecord(title: string, client: FeedbackClient, count: number) {
  // Warm up the validator and the JIT on other items first.
  for (const item of items(`${title}-warm`, 5000)) client.record(item);
  // Throughput from an untimed loop; the distribution from a second loop timing each call.
  const bulk = items(`${title}-bulk`, count);
  const started = performance.now();
  for (const item of bulk) client.record(item);
  const perSecond = count / ((performance.now() - started) / 1000);
  const timed = items(`${title}-timed`, count);
  const times = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    client.record(timed[i] as FeedbackInput);
    times[i] = performance.now() - t;
  }
  const sorted = Array.from(times).sort((a, b) => a - b);
  const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;
  console.log(
    `${title.padEnd(44)} ${Math.round(perSecond).toLocaleString('en')} records/s` +
      `  p50 ${us(percentile(sorted, 0.5))}  p99 ${us(percentile(sorted, 0.99))}` +
      `  p99.9 ${us(percentile(sorted, 0.999))}  max ${us(sorted.at(-1) ?? 0)}`,
  );
}

console.log('\nclient SDK benchmark (this machine)\n');

const N = 100_000;
const queueing = idleClient();
measureRecord('record(), queue filling', queueing, N);
await queueing.close({ timeoutMs: 0 });
const evicting = idleClient({ maxQueueSize: 10_000 });
for (const item of items('prefill', 10_000)) evicting.record(item);
measureRecord('record(), full queue, DROP_OLDEST evicting', evicting, N);
await evicting.close({ timeoutMs: 0 });
const refusing = idleClient({ maxQueueSize: 10_000, overflow: 'REJECT_NEW' });
for (const item of items('prefill', 10_000)) refusing.record(item);
measureRecord('record(), full queue, REJECT_NEW refusing', refusing, N);
await refusing.close({ timeoutMs: 0 });

/** Heap held by a client queueing N items, per item, against the JSON it holds. */
async function memoryPerItem(collect: () => void) {
  const feed = items('memory', N);
  collect();
  const before = process.memoryUsage().heapUsed;
  const client = idleClient();
  for (const item of feed) client.record(item);
  collect();
  const held = process.memoryUsage().heapUsed - before;
  // Read after the measurement: V8 frees what a function no longer reads, even here.
  const { queuedBytes, queued } = client.stats();
  if (queued !== feed.length) throw new Error(`expected ${feed.length} queued, got ${queued}`);
  console.log(
    `memory per queued item: ${(held / N).toFixed(0)} B of heap for ${(queuedBytes / N).toFixed(0)} B of JSON` +
      ` (overhead ${((held - queuedBytes) / N).toFixed(0)} B per item, ${N.toLocaleString('en')} items)`,
  );
  await client.close({ timeoutMs: 0 });
}

/** The bound in bytes, held to: a DROP_OLDEST client fed far more than fits in 8 MiB. */
async function boundedFlood(collect: () => void) {
  const flood = items('flood', 200_000);
  collect();
  const before = process.memoryUsage().heapUsed;
  const client = idleClient({ maxQueueBytes: 8 * 1024 * 1024 });
  for (const item of flood) client.record(item);
  collect();
  const held = process.memoryUsage().heapUsed - before;
  const stats = client.stats();
  if (stats.queued + stats.dropped !== flood.length) throw new Error('records unaccounted for');
  console.log(
    `maxQueueBytes 8 MiB, ${flood.length.toLocaleString('en')} records (${stats.dropped.toLocaleString('en')} dropped): ` +
      `${(stats.queuedBytes / 2 ** 20).toFixed(2)} MiB of JSON queued, heap +${(held / 2 ** 20).toFixed(2)} MiB` +
      ` for ${stats.queued.toLocaleString('en')} items`,
  );
  await client.close({ timeoutMs: 0 });
}

if (gc) {
  const collect = () => {
    gc();
    gc();
  };
  await memoryPerItem(collect);
  await boundedFlood(collect);
} else {
  console.log('memory per queued item: run with node --expose-gc to measure');
}

// Delivery to the local stack: the emulator, PostgreSQL and Redis on this machine.
const stack = await startBenchStack({
  name: 'client',
  assemblyDir: await synthesize('cdk.out/bench-client-assembly'),
});
const { emulator, userKey: apiKey } = stack;
const DELIVER = Number(process.env.CLIENT_BENCH_FEEDBACK ?? 20_000);
// Warm: the first batches start the function instances, which is not the client's cost.
const warm = new FeedbackClient({ baseUrl: emulator.url, apiKey, maxInFlightBatches: 2 });
for (const item of items('warm', 2000)) warm.record(item);
await warm.close();
for (const inFlight of [1, 2]) {
  const client = new FeedbackClient({
    baseUrl: emulator.url,
    apiKey,
    maxInFlightBatches: inFlight,
    maxQueueSize: DELIVER,
  });
  const feed = items(`deliver-${inFlight}`, DELIVER);
  const started = performance.now();
  for (const item of feed) client.record(item);
  await client.flush();
  const seconds = (performance.now() - started) / 1000;
  const stats = client.stats();
  console.log(
    `delivered to the local stack, batches of 500, ${inFlight} in flight: ` +
      `${Math.round(stats.delivered / seconds).toLocaleString('en')} feedback/s ` +
      `(${stats.delivered.toLocaleString('en')} in ${seconds.toFixed(1)} s, ` +
      `${stats.retries} retries, ${stats.dropped} dropped)`,
  );
  await client.close();
  // Let learn catch up, so that the next run does not share the machine with this one's
  // learning; a figure, not a verdict, so a slow drain is reported, not fatal.
  await emulator.drain(120_000).catch((error: Error) => console.log(`  (${error.message})`));
}
await stack.stop();
