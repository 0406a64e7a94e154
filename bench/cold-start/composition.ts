import path from 'node:path';
import { build } from 'esbuild';
import { BUNDLE_OPTIONS } from '../../lib/constructs/function-bundles';

/** Each function's entry under functions/, by short name, as the stack makes them. */
const ENTRIES: Record<string, string> = {
  Submit: 'submit',
  Learn: 'learn',
  Metrics: 'metrics',
  Experiments: 'experiments',
  Ops: 'ops',
  Public: 'public',
  OutboxSweeper: 'sweep-outbox',
};

/**
 * What a function's bundle is made of: its bytes by package (the project's own code as
 * `functions/<folder>`), largest first, from esbuild's metafile of the very build the
 * stack runs (same options, not written anywhere).
 */
export async function compositionOf(name: string): Promise<[string, number][]> {
  const entry = ENTRIES[name];
  if (!entry) throw new Error(`No entry known for ${name}: add it to ENTRIES`);
  const result = await build({
    entryPoints: [path.resolve(import.meta.dirname, '..', '..', 'functions', `${entry}.ts`)],
    ...BUNDLE_OPTIONS,
    metafile: true,
    write: false,
    outfile: 'index.mjs',
    logLevel: 'silent',
  });
  const output = Object.values(result.metafile.outputs).find((o) => o.entryPoint);
  const bytes = new Map<string, number>();
  for (const [file, input] of Object.entries(output?.inputs ?? {})) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1];
    const key =
      pkg ?? (file.startsWith('functions/') ? file.split('/').slice(0, 2).join('/') : file);
    bytes.set(key, (bytes.get(key) ?? 0) + input.bytesInOutput);
  }
  return [...bytes].sort((a, b) => b[1] - a[1]);
}
