// Writes schema/scenario.schema.json from the built module (run `npm run build` first).
// 2-space JSON with a trailing newline, so the committed file diffs cleanly and test/scenario checks it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scenarioJsonSchema } from '../dist/scenario/schema.js';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'schema', 'scenario.schema.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(scenarioJsonSchema(), null, 2) + '\n');
console.log(`wrote ${out}`);
