import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { synthesize } from '../../../local/emulator';
import { figuresTable } from './figures';
import { removeServersUnder } from './private-servers';

/**
 * Once per fault run: synthesize the stack (as the integration setup does, into a directory
 * of this run's own), make the directory the private servers live in, and at the end print
 * the figures table and remove every server and file the run left, failed or not.
 */
export default async function setup(project: TestProject) {
  const root = await mkdtemp(path.join(tmpdir(), 'rename-feedback-fault-'));
  // Run as root, PostgreSQL runs as its own account, which must reach its directory in here.
  await chmod(root, 0o755);
  const outdir = await mkdtemp(path.join(tmpdir(), 'rename-feedback-fault-assembly-'));
  const figuresFile = path.join(root, 'figures.jsonl');
  try {
    project.provide('assemblyDir', await synthesize(outdir));
  } catch (error) {
    await Promise.all([
      rm(root, { recursive: true, force: true }),
      rm(outdir, { recursive: true, force: true }),
    ]);
    throw error;
  }
  project.provide('faultRoot', root);
  project.provide('faultFiguresFile', figuresFile);
  return async () => {
    const table = await figuresTable(figuresFile);
    if (table) console.log(`\nFault scenarios (npx vitest run --project fault):\n\n${table}\n`);
    await removeServersUnder(root);
    await rm(outdir, { recursive: true, force: true });
  };
}
