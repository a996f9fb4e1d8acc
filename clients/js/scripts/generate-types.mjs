// `npm run generate:types`: writes types/frames.d.ts from the AsyncAPI JSON Schemas.
import { writeFile } from 'node:fs/promises';
import { FRAME_TYPES, frameTypes } from './frame-types.mjs';

await writeFile(FRAME_TYPES, await frameTypes());
console.log(`wrote ${FRAME_TYPES}`);
