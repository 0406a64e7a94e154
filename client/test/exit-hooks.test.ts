import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** A loopback stand-in for the API that takes every batch. */
const received: string[] = [];
const api = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => {
    body += chunk;
  });
  req.on('end', () => {
    const items = (JSON.parse(body) as { items: { proposalId: string }[] }).items;
    received.push(...items.map((item) => item.proposalId));
    res.writeHead(202, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        accepted: items.length,
        duplicates: 0,
        rejected: 0,
        results: items.map((_, index) => ({ index, status: 'accepted', id: crypto.randomUUID() })),
      }),
    );
  });
});
let apiUrl: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => api.close(resolve));
});

/** Runs the child renamer; `signal` is sent once it says it is ready. */
async function runChild(env: Record<string, string>, signal?: NodeJS.Signals) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'fixtures', 'exit-hook-child.ts')],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines: string[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    if (line === 'ready' && signal) child.kill(signal);
  });
  const [code, exitSignal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.once('exit', (c, s) => resolve([c, s])),
  );
  return { code, exitSignal, lines };
}

describe('flushOnExit', () => {
  it('sends what is queued on SIGTERM, then ends the process as SIGTERM would', async () => {
    received.length = 0;
    const run = await runChild({ API_URL: apiUrl, MODE: 'signal' }, 'SIGTERM');

    expect(received).toEqual(['exit-0', 'exit-1', 'exit-2']);
    expect(run.exitSignal).toBe('SIGTERM');
    expect(run.lines).toEqual(['ready']);
  });

  it('sends what is queued when the process runs out of work', async () => {
    received.length = 0;
    const run = await runChild({ API_URL: apiUrl, MODE: 'idle' });

    expect(received).toEqual(['exit-0', 'exit-1', 'exit-2']);
    expect(run.code).toBe(0);
  });

  it('hands over what it could not deliver by the deadline', async () => {
    // Port 9 (discard) refuses connections on loopback: the API is out.
    const run = await runChild({ API_URL: 'http://127.0.0.1:9', MODE: 'signal' }, 'SIGTERM');

    expect(run.lines).toEqual(['ready', 'undelivered exit-0,exit-1,exit-2']);
    expect(run.exitSignal).toBe('SIGTERM');
  });
});
