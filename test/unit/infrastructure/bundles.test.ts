import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../lib/create-app';
import { readStackArtifact } from '../../../local/emulator/assembly';
import { shortNameOf } from '../../../local/emulator/aws-identity';
import { isRecord, recordOrEmpty } from '../../../local/emulator/json';

/** Synthesis bundles the functions in one esbuild build: a few seconds. */
const SYNTH_TIMEOUT_MS = 120_000;

/** Left out of the bundles on purpose (see lib/constructs/function-bundles.ts). */
const NEVER_REACHED_IN_LAMBDA = new Set([
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-web-identity',
  '@aws-sdk/credential-provider-http',
  '@smithy/credential-provider-imds',
]);

const root = mkdtempSync(path.join(tmpdir(), 'rename-feedback-bundles-'));
/** Each function's bundle: its code and its source map, by short name. */
const bundles = new Map<string, { code: string; map: { sourcesContent?: unknown } }>();

beforeAll(async () => {
  const outdir = createApp({ outdir: root, context: { stage: 'local' } }).app.synth().directory;
  const artifact = await readStackArtifact(outdir);
  for (const [logicalId, resource] of Object.entries(recordOrEmpty(artifact.template.Resources))) {
    if (!isRecord(resource) || resource.Type !== 'AWS::Lambda::Function') continue;
    const key = String(recordOrEmpty(recordOrEmpty(resource.Properties).Code).S3Key);
    const dir = artifact.assetDirs.get(key.replace(/\.zip$/, '')) ?? '';
    bundles.set(shortNameOf(logicalId), {
      code: readFileSync(path.join(dir, 'index.mjs'), 'utf8'),
      map: JSON.parse(readFileSync(path.join(dir, 'index.mjs.map'), 'utf8')),
    });
    expect(readdirSync(dir).sort()).toEqual(['index.mjs', 'index.mjs.map']);
  }
}, SYNTH_TIMEOUT_MS);

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

const isBuiltin = (specifier: string) =>
  specifier.startsWith('node:') || builtinModules.includes(specifier);

describe('function bundles', () => {
  it('are one ES module each, for all seven functions', () => {
    expect([...bundles.keys()]).toHaveLength(7);
  });

  it('import nothing at start but Node itself: a missing package can never fail an init', () => {
    for (const [name, { code }] of bundles) {
      const statics = [
        ...code.matchAll(/(?:^|[;}\n])\s*import\s*(?:[^'"();]*?from\s*)?["']([^"']+)["']/g),
      ];
      const outside = statics.map((match) => match[1] ?? '').filter((s) => !isBuiltin(s));
      expect(outside, name).toEqual([]);
    }
  });

  it('import later only the credential providers Lambda never reaches', () => {
    for (const [name, { code }] of bundles) {
      const dynamic = [...code.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)].map(
        (m) => m[1] ?? '',
      );
      const unexpected = dynamic.filter((s) => !isBuiltin(s) && !NEVER_REACHED_IN_LAMBDA.has(s));
      expect(unexpected, name).toEqual([]);
    }
  });

  it('carry zod without its locales, which no answer uses', () => {
    // From zod's Dutch locale (ASCII, as esbuild escapes the rest): present only when zod
    // could not be tree-shaken, as it was in every bundle before.
    for (const [name, { code }] of bundles) {
      expect(code.includes('Ongeldige invoer'), name).toBe(false);
    }
  });

  it('map back to the TypeScript for stack traces, without shipping the sources', () => {
    for (const [name, { code, map }] of bundles) {
      expect(code.trimEnd().endsWith('//# sourceMappingURL=index.mjs.map'), name).toBe(true);
      expect(map.sourcesContent, name).toBeUndefined();
    }
  });
});
