import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';

const PROJECT_ROOT = path.resolve(import.meta.dirname, '..', '..');

/** The files under functions/ that are a function's handler module. */
export const FUNCTION_ENTRIES = [
  'submit',
  'learn',
  'metrics',
  'experiments',
  'ops',
  'public',
  'sweep-outbox',
  'migrate',
] as const;
export type FunctionEntry = (typeof FUNCTION_ENTRIES)[number];

/**
 * The AWS SDK's credential providers for other places than Lambda (profiles, SSO, a
 * credential process, web identity, instance and container metadata). The SDK imports each
 * only when the ones before it found nothing, and in Lambda the first one, the environment
 * (AWS_ACCESS_KEY_ID...), always finds the function's role: left out of the bundle, they are
 * neither shipped nor loaded (the process provider alone loads child_process at start).
 */
const NEVER_REACHED_IN_LAMBDA = [
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-web-identity',
  '@aws-sdk/credential-provider-http',
  '@smithy/credential-provider-imds',
];

/**
 * How every function is bundled (esbuild's options), shared with bench/cold-start.ts, which measures what each
 * choice costs:
 * - ESM, `module` before `main`: the AWS SDK and Powertools ship ES modules, which esbuild
 *   tree-shakes to what a function uses; their CommonJS builds it cannot. The banner gives
 *   ESM a `require`, which the CommonJS packages bundled in (pg, ioredis) call for Node's
 *   own modules.
 * - Minified in whitespace and syntax, not in names: renaming saved no init time or memory
 *   (measured), and keeping names costs 6 MB at init (esbuild's keepNames), while errors,
 *   logs and stack traces read class and function names (ProblemError's `name` is its
 *   class's).
 * - The AWS SDK bundled, so the version that runs in AWS is the one the tests ran.
 * - pg's optional native binding is never used.
 */
export const BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  mainFields: ['module', 'main'],
  banner: {
    js: "import { createRequire as createRequireOfBanner } from 'node:module'; const require = createRequireOfBanner(import.meta.url);",
  },
  external: ['pg-native', ...NEVER_REACHED_IN_LAMBDA],
  minifyWhitespace: true,
  minifySyntax: true,
} satisfies esbuild.BuildOptions;

let bundlesDir: string | undefined;

/**
 * The directory of a function's bundle (`index.mjs` and its source map). Every function is
 * bundled on first use, all in ONE esbuild build: the modules they share (the AWS SDK,
 * Powertools, pg, zod) are parsed once for all: about 2 s for the eight, where CDK's
 * NodejsFunction, which runs one `npx esbuild` process per function, one after another, took
 * about 10 (docs/local-emulator.md). Written by hand for that reason only: the options are
 * NodejsFunction's, as esbuild's own API takes them. Written under cdk.out at a fixed depth, so the source maps' relative
 * paths, and with them the asset hashes, are the same from one synthesis to the next.
 */
export function functionBundleDir(entry: FunctionEntry): string {
  bundlesDir ??= bundleAll();
  return path.join(bundlesDir, entry);
}

function bundleAll(): string {
  const outdir = path.join(
    PROJECT_ROOT,
    'cdk.out',
    '.bundles',
    `${process.pid}-${randomBytes(4).toString('hex')}`,
  );
  esbuild.buildSync({
    absWorkingDir: PROJECT_ROOT,
    entryPoints: Object.fromEntries(
      FUNCTION_ENTRIES.map((entry) => [
        `${entry}/index`,
        path.join(PROJECT_ROOT, 'functions', `${entry}.ts`),
      ]),
    ),
    outdir,
    outExtension: { '.js': '.mjs' },
    ...BUNDLE_OPTIONS,
    // Source maps, without the sources: a stack trace still names the TypeScript file and line
    // (NODE_OPTIONS=--enable-source-maps), and Node, which reads the map and holds it from
    // every cold start, reads a fraction of it. Measured: about 10 ms and 4 MB at init.
    sourcemap: true,
    sourcesContent: false,
    logLevel: 'warning',
  });
  // The synthesis has copied what it needs into the assembly by the time the process ends.
  process.once('exit', () => rmSync(outdir, { recursive: true, force: true }));
  return outdir;
}

/** Copies project files (paths relative to the repository) into a bundle, at the same paths. */
export function copyIntoBundle(bundleDir: string, files: string[]): void {
  for (const file of files) {
    mkdirSync(path.dirname(path.join(bundleDir, file)), { recursive: true });
    copyFileSync(path.join(PROJECT_ROOT, file), path.join(bundleDir, file));
  }
}
