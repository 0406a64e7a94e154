import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { readStackArtifact } from '../../local/emulator/assembly';
import { shortNameOf } from '../../local/emulator/aws-identity';
import { isRecord, recordOrEmpty } from '../../local/emulator/json';

export interface FunctionFacts {
  /** The code Lambda loads (index.js or index.mjs), in bytes. */
  codeBytes: number;
  /** Its source map, which Node reads at start with --enable-source-maps. */
  mapBytes: number;
  memorySizeMB: number;
}

/** Each function's bundle and MemorySize, by short name (`Submit`), from the assembly. */
export async function readFunctionFacts(assemblyDir: string): Promise<Map<string, FunctionFacts>> {
  const artifact = await readStackArtifact(assemblyDir);
  const facts = new Map<string, FunctionFacts>();
  for (const [logicalId, resource] of Object.entries(recordOrEmpty(artifact.template.Resources))) {
    if (!isRecord(resource) || resource.Type !== 'AWS::Lambda::Function') continue;
    const properties = recordOrEmpty(resource.Properties);
    const key = String(recordOrEmpty(properties.Code).S3Key ?? '');
    const dir = artifact.assetDirs.get(key.replace(/\.zip$/, ''));
    if (!dir) continue;
    // Lambda's default when the template does not say.
    const size = { codeBytes: 0, mapBytes: 0, memorySizeMB: Number(properties.MemorySize ?? 128) };
    for (const file of await readdir(dir)) {
      const bytes = (await stat(path.join(dir, file))).size;
      if (file.endsWith('.map')) size.mapBytes += bytes;
      else if (/\.(c|m)?js$/.test(file)) size.codeBytes += bytes;
    }
    facts.set(shortNameOf(logicalId), size);
  }
  return facts;
}
