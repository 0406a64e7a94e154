import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

const PROJECT_ROOT = path.resolve(import.meta.dirname, '..', '..');

/**
 * What the local stage's cloud assembly is made from: the app and its constructs (lib/), the
 * functions' code and the migrations it bundles (functions/, sql/), the per-stage settings
 * (config/), the dependencies as locked, and the compiler and CDK configuration. Nothing else
 * in the repository reaches the template or a bundle.
 */
const INPUT_DIRS = ['lib', 'functions', 'sql', 'config'];
const INPUT_FILES = ['package-lock.json', 'package.json', 'tsconfig.json', 'cdk.json'];
/** The environment synthesis reads (lib/create-app.ts, and the CDK CLI's context). */
const INPUT_VARIABLES = ['CDK_DEFAULT_ACCOUNT', 'CDK_DEFAULT_REGION', 'CDK_CONTEXT_JSON'];

/** The file beside the assembly that says which inputs made it. */
export const INPUTS_DIGEST_FILE = 'local-inputs.sha256';

async function filesUnder(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/** sha256 of every input's path and content, and of the variables synthesis reads. */
export async function synthInputsDigest(root = PROJECT_ROOT): Promise<string> {
  const hash = createHash('sha256');
  const files = [
    ...(await Promise.all(INPUT_DIRS.map((dir) => filesUnder(path.join(root, dir))))).flat(),
    ...INPUT_FILES.map((file) => path.join(root, file)).filter((file) => existsSync(file)),
  ];
  for (const file of files) {
    hash
      .update(path.relative(root, file))
      .update('\0')
      .update(await readFile(file))
      .update('\0');
  }
  for (const name of INPUT_VARIABLES) hash.update(`${name}=${process.env[name] ?? ''}\0`);
  return hash.digest('hex');
}

/**
 * The assembly in `outdir` when it was made from exactly these inputs (a start with nothing
 * changed skips synthesis, bundling and loading aws-cdk-lib); otherwise `make` synthesizes it
 * anew. The digest is removed before and written after, so an interrupted synthesis is never
 * taken for a finished one.
 */
export async function reuseOrSynthesize(
  outdir: string,
  make: (outdir: string) => Promise<string>,
  root = PROJECT_ROOT,
): Promise<{ assemblyDir: string; reused: boolean }> {
  const digestFile = path.join(outdir, INPUTS_DIGEST_FILE);
  const digest = await synthInputsDigest(root);
  const recorded = existsSync(digestFile) ? (await readFile(digestFile, 'utf8')).trim() : '';
  if (recorded === digest && existsSync(path.join(outdir, 'manifest.json'))) {
    return { assemblyDir: outdir, reused: true };
  }
  await rm(digestFile, { force: true });
  const assemblyDir = await make(outdir);
  await writeFile(path.join(assemblyDir, INPUTS_DIGEST_FILE), `${digest}\n`);
  return { assemblyDir, reused: false };
}
