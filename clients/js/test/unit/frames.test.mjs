// The frame types are the AsyncAPI JSON Schemas' types: generating them again from the schemas
// gives the committed types/frames.d.ts byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { FRAME_TYPES, frameTypes } from '../../scripts/frame-types.mjs';

test('types/frames.d.ts is what the AsyncAPI schemas generate', async () => {
  const committed = await readFile(FRAME_TYPES, 'utf8');
  const generated = await frameTypes();

  assert.ok(
    generated === committed,
    'types/frames.d.ts differs from what the schemas in adapters/web/src/main/resources/asyncapi/' +
      'schemas generate: run `npm run generate:types` in clients/js and commit the result.',
  );
});

test('every frame schema has a type, named by its title', async () => {
  const generated = await frameTypes();
  for (const name of [
    'ClientFrame',
    'ServerFrame',
    'AuthFrame',
    'EventFrame',
    'GapFrame',
    'ErrorFrame',
  ]) {
    assert.match(generated, new RegExp(`^export (type|interface) ${name}\\b`, 'm'), name);
  }
});
