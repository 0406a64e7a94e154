import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  INPUTS_DIGEST_FILE,
  reuseOrSynthesize,
  synthInputsDigest,
} from '../../../local/emulator/synth-inputs';

let root: string;
let outdir: string;

/** A project with one file in each input place, and a synthesis that writes a manifest. */
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'rf-synth-inputs-'));
  outdir = path.join(root, 'cdk.out');
  for (const dir of ['lib', 'functions/core', 'sql'])
    mkdirSync(path.join(root, dir), { recursive: true });
  writeFileSync(path.join(root, 'lib', 'app.ts'), 'app');
  writeFileSync(path.join(root, 'functions', 'core', 'submit.ts'), 'submit');
  writeFileSync(path.join(root, 'sql', '001.sql'), 'create');
  writeFileSync(path.join(root, 'package-lock.json'), '{}');
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
  vi.unstubAllEnvs();
});

const synthesizeInto = vi.fn(async (dir: string) => {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'manifest.json'), '{}');
  return dir;
});

describe('reusing the local assembly', () => {
  it('synthesizes the first time, then reuses while nothing it is made from changed', async () => {
    synthesizeInto.mockClear();
    expect((await reuseOrSynthesize(outdir, synthesizeInto, root)).reused).toBe(false);
    expect((await reuseOrSynthesize(outdir, synthesizeInto, root)).reused).toBe(true);
    expect(synthesizeInto).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['a function', 'functions/core/submit.ts'],
    ['a construct', 'lib/app.ts'],
    ['a migration', 'sql/001.sql'],
    ['the lockfile', 'package-lock.json'],
    ['a new config file', 'config/local.json'],
  ])('synthesizes again after a change to %s', async (_, file) => {
    await reuseOrSynthesize(outdir, synthesizeInto, root);
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), 'changed');
    expect((await reuseOrSynthesize(outdir, synthesizeInto, root)).reused).toBe(false);
  });

  it('synthesizes again when the account, region or CDK context synthesis reads changes', async () => {
    const before = await synthInputsDigest(root);
    vi.stubEnv('CDK_DEFAULT_REGION', 'eu-west-1');
    expect(await synthInputsDigest(root)).not.toBe(before);
  });

  it('never takes an interrupted synthesis for a finished one', async () => {
    await reuseOrSynthesize(outdir, synthesizeInto, root);
    writeFileSync(path.join(root, 'lib', 'app.ts'), 'changed');
    const failing = vi.fn(async () => {
      throw new Error('synthesis failed');
    });
    await expect(reuseOrSynthesize(outdir, failing, root)).rejects.toThrow('synthesis failed');
    writeFileSync(path.join(root, 'lib', 'app.ts'), 'app');
    // The digest of the earlier, good inputs is gone with the failed attempt.
    expect(existsSync(path.join(outdir, INPUTS_DIGEST_FILE))).toBe(false);
    expect((await reuseOrSynthesize(outdir, synthesizeInto, root)).reused).toBe(false);
  });
});
