// Writes schema/scenario.schema.json and schema/plan.schema.json from the built module (run
// `npm run build` first). 2-space JSON with a trailing newline, so the committed files diff cleanly;
// test/scenario checks the scenario schema.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scenarioJsonSchema } from '../dist/scenario/schema.js';
import { planJsonSchema } from '../dist/plan/planFile.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'schema');
mkdirSync(dir, { recursive: true });
for (const [name, schema] of [['scenario.schema.json', scenarioJsonSchema()], ['plan.schema.json', planJsonSchema()]]) {
  const out = join(dir, name);
  writeFileSync(out, JSON.stringify(schema, null, 2) + '\n');
  console.log(`wrote ${out}`);
}
