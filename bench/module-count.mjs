// Preloaded into a batchsim process (node --import bench/module-count.mjs): lists the files of the
// modules it loads, one URL or path a line, in the file named by BATCHSIM_BENCH_MODULES_FILE.
// Start-up cost follows the number of modules read and compiled. Three views, joined:
// - CommonJS files (a package's require()s), as they are compiled, by wrapping Module.prototype._compile;
// - ES modules loaded by import, on any thread (the chart renderer loads on a worker), by a load hook,
//   which runs on Node's loader thread, so it appends each as it loads;
// - every ES module of the main thread, however it was loaded, when the process exits, from V8's own
//   list of the scripts it has compiled (the inspector's Debugger.scriptParsed, which Debugger.enable
//   reports for each script already loaded; an ES module stays in Node's module map, so its script
//   does too). The CLI loads its commands with require (src/cli/main.ts), and on Node 20 the hook
//   sees only the first module of a graph so loaded, not the ones it imports.
import { appendFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import Module, { register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

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
  if (isMainThread) {
    process.on('exit', () => {
      const urls = [];
      const session = new Session();
      session.connect();
      // An in-process session delivers the notifications synchronously, during the post.
      session.on('Debugger.scriptParsed', ({ params }) => {
        if (params.url.startsWith('file:')) urls.push(params.url);
      });
      session.post('Debugger.enable');
      session.disconnect();
      if (urls.length > 0) appendFileSync(target, `${urls.join('\n')}\n`);
    });
  }
}
