import { readFile } from 'node:fs/promises';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';

const CLIENT_DIR = path.resolve(import.meta.dirname, '..');

/** The API's contract, as the server generates it (`npm run openapi`). */
export const OPENAPI_PATH = path.resolve(CLIENT_DIR, '..', 'openapi.json');

/** The committed output: the client's request and answer types. */
export const GENERATED_PATH = path.join(CLIENT_DIR, 'src', 'generated', 'api.ts');

const HEADER = [
  '// Generated from openapi.json by `npm run generate -w @rename-feedback/client`: do not edit.',
  '// A unit test regenerates it and fails when it differs (the contract changed).',
  '',
  '',
].join('\n');

/**
 * The TypeScript text of openapi.json's paths and components. Deterministic, so the drift
 * test can compare it with the committed file byte for byte.
 */
export async function renderApiTypes(openapiPath = OPENAPI_PATH): Promise<string> {
  const document = JSON.parse(await readFile(openapiPath, 'utf8'));
  // `exactOptionalPropertyTypes` off, as in the repository: optional means "may be absent".
  const ast = await openapiTS(document, { alphabetize: false, exportType: false });
  return HEADER + astToString(ast);
}
