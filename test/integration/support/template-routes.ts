import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** The route keys (`GET /v1/metrics`, ...) of the synthesized template in an assembly. */
export async function templateRouteKeys(assemblyDir: string): Promise<string[]> {
  const files = (await readdir(assemblyDir)).filter((f) => f.endsWith('.template.json'));
  const keys: string[] = [];
  for (const file of files) {
    const template = JSON.parse(await readFile(path.join(assemblyDir, file), 'utf8')) as {
      Resources?: Record<string, { Type: string; Properties?: { RouteKey?: string } }>;
    };
    for (const resource of Object.values(template.Resources ?? {})) {
      if (resource.Type === 'AWS::ApiGatewayV2::Route' && resource.Properties?.RouteKey) {
        keys.push(resource.Properties.RouteKey);
      }
    }
  }
  return keys.sort();
}
