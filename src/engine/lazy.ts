// Packages (and a Node builtin) that synchronous code needs only on some paths, loaded the first
// time they are used (start-up, issue 13: Node reads and compiles every module a process imports,
// used or not, and a 1,000-job run is over in a few tenths of a second). Synchronous readers cannot `await import()`,
// so the package's CommonJS build is required; for yaml and csv-parse that is the same code
// `import` gives Node (their package.json maps both to it, or builds both from one source).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** A getter for a package, required on its first call and cached by Node after that. */
function lazyPackage<T>(specifier: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(specifier) as T);
}

/** csv-parse's synchronous parser (one file as CommonJS), for the few scenarios that read a CSV. */
export const csvParse = lazyPackage<typeof import('csv-parse/sync')>('csv-parse/sync');

/** The yaml package (some 70 files), for documents read as YAML: a JSON scenario needs none of it. */
export const yamlPackage = lazyPackage<typeof import('yaml')>('yaml');

/** Node's zlib (about 1.5 ms to load), for gzipped side files only. */
export const zlib = lazyPackage<typeof import('node:zlib')>('node:zlib');

/**
 * One of batchsim's own ES modules, for the synchronous code of a feature most runs do not use
 * (Step Functions, data movement, traces): a getter that loads the module on its first call, with
 * Node's require of ES modules (unflagged since Node 20.19 and 22.12; package.json's engines).
 * `preload` imports it instead, for where require cannot load it: under vitest, which runs the
 * TypeScript sources (test/setup/lazyModules.ts preloads every module declared here).
 */
export interface LazyModule<T> {
  (): T;
  preload(): Promise<void>;
}

const declared: LazyModule<unknown>[] = [];

/** `base` is the declaring module's import.meta.url; `load` imports the same specifier. */
export function lazyModule<T>(base: string, specifier: string, load: () => Promise<T>): LazyModule<T> {
  let loaded: T | undefined;
  const get = (() => (loaded ??= createRequire(base)(specifier) as T)) as LazyModule<T>;
  get.preload = async () => {
    loaded ??= await load();
  };
  declared.push(get as LazyModule<unknown>);
  return get;
}

/** Import every lazy module declared so far (by the modules loaded so far). */
export async function preloadLazyModules(): Promise<void> {
  for (const m of declared) await m.preload();
}
