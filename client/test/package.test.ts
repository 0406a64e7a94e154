import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const CLIENT_DIR = path.resolve(import.meta.dirname, '..');
const REPO = path.resolve(CLIENT_DIR, '..');
let buildDir: string | undefined;

afterAll(async () => {
  if (buildDir) await rm(buildDir, { recursive: true, force: true });
});

/** What a consumer's plain Node does with the package: no tsx, no bundler. */
const CONSUMER = `
import { FeedbackClient, flushOnExit, FeedbackApiError } from '@rename-feedback/client';
const client = new FeedbackClient({
  baseUrl: 'http://127.0.0.1:9',
  apiKey: 'k',
  fetch: async () => { throw new TypeError('offline'); },
});
const valid = { proposalId: 'p1', originalFilename: 'a.jpg', proposedFilename: 'b.jpg',
  action: 'approved', confidence: 0.5, modelVersion: 'v1', userId: 'u' };
const results = [client.record(valid), client.record({ ...valid, confidence: 2 })];
const closed = await client.close({ timeoutMs: 10 });
console.log(JSON.stringify({ results, undelivered: closed.undelivered.length,
  exports: [typeof FeedbackClient, typeof flushOnExit, typeof FeedbackApiError] }));
`;

describe('the built package', () => {
  it('builds with tsc into ESM with declarations that plain Node runs by its name', {
    timeout: 90_000,
  }, async () => {
    // Inside the client's folder, so that its dependencies resolve as installed.
    buildDir = await mkdtemp(path.join(CLIENT_DIR, '.build-check-'));
    await run(
      process.execPath,
      [
        path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'),
        '-p',
        path.join(CLIENT_DIR, 'tsconfig.build.json'),
        '--outDir',
        path.join(buildDir, 'dist'),
      ],
      { cwd: CLIENT_DIR },
    );
    await cp(path.join(CLIENT_DIR, 'package.json'), path.join(buildDir, 'package.json'));
    await writeFile(path.join(buildDir, 'consumer.mjs'), CONSUMER);

    const manifest = JSON.parse(await readFile(path.join(buildDir, 'package.json'), 'utf8'));
    const entry = manifest.exports['.'];
    await expect(stat(path.join(buildDir, entry.types))).resolves.toBeTruthy();
    const { stdout } = await run(process.execPath, ['consumer.mjs'], { cwd: buildDir });
    expect(JSON.parse(stdout)).toEqual({
      results: [
        { queued: true },
        {
          queued: false,
          reason: 'invalid',
          errors: [{ path: 'confidence', rule: 'maximum', message: expect.any(String) }],
          omittedErrors: 0,
        },
      ],
      undelivered: 1,
      exports: ['function', 'function', 'function'],
    });
  });
});
