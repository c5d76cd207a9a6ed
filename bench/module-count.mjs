// Preloaded into a batchsim process (node --import bench/module-count.mjs): lists the files of the
// modules it loads, one URL or path a line, in the file named by BATCHSIM_BENCH_MODULES_FILE.
// ES modules are seen by a load hook (which runs on Node's loader thread, so it appends each as it
// loads), CommonJS files (a package's require()s) by wrapping Module.prototype._compile. Start-up
// cost follows the number of modules read and compiled. An ES module loaded with require (src/engine/
// lazy.ts lazyModule) is listed, but on Node 20 the modules it imports in turn are not always.
import { appendFileSync } from 'node:fs';
import Module, { register } from 'node:module';

const target = process.env.BATCHSIM_BENCH_MODULES_FILE;
if (target) {
  const hook = `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  if (url.startsWith('file:')) appendFileSync(${JSON.stringify(target)}, url + '\\n');
  return next(url, context);
}`;
  register(`data:text/javascript,${encodeURIComponent(hook)}`);
  const compile = Module.prototype._compile;
  Module.prototype._compile = function (content, filename) {
    appendFileSync(target, `file://${filename}\n`);
    return compile.call(this, content, filename);
  };
}
