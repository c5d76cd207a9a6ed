// batchsim's version, as package.json gives it: it names the runs a journal or manifest holds.
import { readFileSync } from 'node:fs';

let cached: string | null = null;

export function batchsimVersion(): string {
  // src/plan/ and dist/plan/ are both two folders below package.json.
  cached ??= (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return cached;
}
