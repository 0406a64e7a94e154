import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

export interface LoadOptions {
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** A new feedback, a batch of new feedback, `{}`, or nothing, for every request. */
  body?: 'feedback' | { batchOf: number } | 'empty-json';
  connections: number;
  durationSeconds: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
  total: number;
  /** Answers by HTTP status code. */
  statusCounts: Record<string, number>;
  errors: number;
  timeouts: number;
  seconds: number;
}

const WORKER = path.join(import.meta.dirname, 'load-worker.ts');
const TSX = path.resolve(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'tsx');

/** Runs one bounded autocannon load from a separate process (see load-worker.ts). */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { stdout } = await promisify(execFile)(TSX, [WORKER, JSON.stringify(options)], {
    timeout: (options.durationSeconds + 60) * 1000,
    maxBuffer: 1024 * 1024,
  });
  const line = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as LoadResult;
}

/** How many answers of a load had another status than `expected` (errors included). */
export function unexpected(load: LoadResult, expected: number): number {
  return load.total - (load.statusCounts[String(expected)] ?? 0) + load.errors;
}
