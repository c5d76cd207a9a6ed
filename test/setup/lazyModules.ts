// Before each test file: vitest runs the TypeScript sources, which Node's require cannot load, so
// the modules that src/ loads on first use (engine/lazy.ts lazyModule: Step Functions, data
// movement, the trace readers) are imported here instead, through the modules that declare them.
// The built CLI loads them with require; test/cli/startup.test.ts checks that path.
import '../../src/model/batch.js';
import '../../src/metrics/summary.js';
import '../../src/scenario/validate.js';
import '../../src/scenario/validatePipelines.js';
import '../../src/scenario/read/assumptions.js';
import '../../src/scenario/read/pipeline.js';
import '../../src/scenario/read/trace.js';
import { preloadLazyModules } from '../../src/engine/lazy.js';

await preloadLazyModules();
