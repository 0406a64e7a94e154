import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isRecord, type JsonRecord, optionalString, recordOrEmpty } from './json';

/** The one stack of a cloud assembly, as the emulator needs it. */
export interface StackArtifact {
  assemblyDir: string;
  stackName: string;
  template: JsonRecord;
  /** Asset hash (the S3 object key without `.zip`) to its directory, from the asset manifest. */
  assetDirs: Map<string, string>;
}

/** Synthesizes the project's CDK app for the `local` stage; returns the assembly directory. */
export async function synthesize(outdir: string): Promise<string> {
  // Imported here so that starting from an existing assembly does not load aws-cdk-lib.
  const { createApp } = await import('../../lib/create-app');
  // Without CDK's CloudFormation validation (about 4 s): the unit tests synthesize the local
  // stage with it (test/unit/infrastructure/stack.test.ts), so a start need not repeat it.
  return createApp({
    outdir,
    context: { stage: 'local' },
    cloudFormationValidation: false,
  }).app.synth().directory;
}

/** Reads `manifest.json` and the single CloudFormation stack it describes. */
export async function readStackArtifact(assemblyDir: string): Promise<StackArtifact> {
  const manifestPath = path.join(assemblyDir, 'manifest.json');
  if (!existsSync(manifestPath)) {
    throw new Error(`${assemblyDir} is not a cloud assembly: it has no manifest.json`);
  }
  const manifest = recordOrEmpty(JSON.parse(await readFile(manifestPath, 'utf8')));
  const artifacts = Object.entries(recordOrEmpty(manifest.artifacts));
  const stacks = artifacts.filter(([, a]) => isRecord(a) && a.type === 'aws:cloudformation:stack');
  const [stack, ...others] = stacks;
  if (!stack || others.length > 0) {
    const names = stacks.map(([id]) => id).join(', ') || 'none';
    throw new Error(`The emulator runs exactly one stack; ${assemblyDir} has: ${names}`);
  }
  const [artifactId, artifact] = stack;
  const properties = recordOrEmpty(recordOrEmpty(artifact).properties);
  const templateFile = optionalString(properties.templateFile);
  if (!templateFile) throw new Error(`Stack ${artifactId} in ${manifestPath} has no templateFile`);
  const template = recordOrEmpty(
    JSON.parse(await readFile(path.join(assemblyDir, templateFile), 'utf8')),
  );

  const assetDirs = new Map<string, string>();
  for (const [, candidate] of artifacts) {
    const assetManifest = recordOrEmpty(candidate);
    if (assetManifest.type !== 'cdk:asset-manifest') continue;
    const file = optionalString(recordOrEmpty(assetManifest.properties).file);
    if (!file) continue;
    const assets = recordOrEmpty(JSON.parse(await readFile(path.join(assemblyDir, file), 'utf8')));
    for (const [hash, entry] of Object.entries(recordOrEmpty(assets.files))) {
      const source = optionalString(recordOrEmpty(recordOrEmpty(entry).source).path);
      if (source) assetDirs.set(hash, path.resolve(assemblyDir, source));
    }
  }
  return {
    assemblyDir,
    stackName: optionalString(properties.stackName) ?? artifactId,
    template,
    assetDirs,
  };
}
