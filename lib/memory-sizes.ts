/**
 * MemorySize of each function, by construct id. Lambda sizes two things with it: the memory
 * the whole process may hold (the local emulator holds it to that too), and CPU, a whole
 * vCPU at 1,769 MB and in proportion below. So each size is the smallest that gives both:
 * - memory: the peak under load (`npm run bench`, bench/cold-start.ts: resident memory of the
 *   whole process, at this size, since V8's heap limits follow it) within two thirds of it;
 * - CPU: a warm invocation's CPU time (measured on this machine's cores), at the size's share
 *   of a vCPU, small beside the request's own latency, or for `learn` room for 10,000
 *   feedback/s over its five instances.
 *
 * | function | peak MB | CPU ms per warm invocation | why this size |
 * | --- | ---: | ---: | --- |
 * | Submit | 105-116 | 5.3-6.2 | CPU: 18-21 ms at 512, twice that at 256 |
 * | Learn | 86-92 | 48-76 per batch of up to 1,000 | CPU: 4,400 feedback/s per instance at 1024 |
 * | Metrics | 89-97 | 1.3-2 | memory; 9-14 ms of CPU at 256 |
 * | Experiments | 85-99 | 2.8-4 (assignments) | CPU: 10-14 ms at 512; results compute more |
 * | Ops | 129-136 (pages of 5,000) | 9-12 (pages of 1,000) | memory needs 256; CPU: 32-43 ms at 512 |
 * | Public | 112-120 (OpenAPI) | 2-2.6 | memory; 14-18 ms of CPU at 256 |
 * | OutboxSweeper | 74-80 | 0.5-1.2 | memory; once a minute, its CPU matters little |
 *
 * Learn's CPU per feedback (about 130 us in batches of 1,000, bench/learn-throughput.ts) at
 * 1024 MB's share leaves room for the issue's 10,000 feedback/s over five instances.
 */
export const MEMORY_SIZE_MB = {
  Submit: 512,
  Learn: 1024,
  Metrics: 256,
  Experiments: 512,
  Ops: 512,
  Public: 256,
  OutboxSweeper: 128,
} as const;
