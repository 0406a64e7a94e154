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
 * | function | peak MB | CPU ms per invocation | why this size |
 * | --- | ---: | ---: | --- |
 * | Submit | 107-116 | 6 | CPU: 21 ms at 512, 43 at 256 |
 * | Learn | 86-87 | 48-76 per batch (130 us/feedback) | CPU: 4,400 feedback/s per instance at 1024 |
 * | Metrics | 89 | 1.4-2 | memory; 10-14 ms of CPU at 256 |
 * | Experiments | 85 | 3.6-4 | CPU: 14 ms at 512 (results, not measured here, compute more) |
 * | Ops | 130-136 (pages of 5,000) | 12 (pages of 1,000) | memory needs 256; admin pages CPU: 43 ms at 512 |
 * | Public | 112-119 (OpenAPI) | 2-2.3 | memory; 16 ms of CPU at 256 |
 * | OutboxSweeper | 74-80 | 0.6-1.1 | memory; once a minute, CPU matters little |
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
