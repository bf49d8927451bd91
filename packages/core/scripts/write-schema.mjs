// Writes packages/core/schema.json from the config schema in src/config.ts (via the build).
// Run after `npx tsc -b`: node packages/core/scripts/write-schema.mjs
// test/config.test.ts fails while the committed file differs from what this writes.
import { writeFile } from 'node:fs/promises';
import { configJsonSchema } from '../dist/index.js';

const target = new URL('../schema.json', import.meta.url);
await writeFile(target, `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target.pathname}`);
