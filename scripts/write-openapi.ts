import { writeFile } from 'node:fs/promises';
import { buildOpenApiDocument, formatOpenApiDocument } from '../functions/core/contract/openapi';

// Committed, and checked by a unit test: run this after changing a route or a schema.
const target = new URL('../openapi.json', import.meta.url);
await writeFile(target, formatOpenApiDocument(buildOpenApiDocument()));
console.log(`Wrote ${target.pathname}`);
