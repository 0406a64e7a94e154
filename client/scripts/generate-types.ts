import { writeFile } from 'node:fs/promises';
import { GENERATED_PATH, renderApiTypes } from './api-types';

// Rewrites the client's contract types from openapi.json (run after `npm run openapi`).
await writeFile(GENERATED_PATH, await renderApiTypes());
console.log(`wrote ${GENERATED_PATH}`);
