// Preloaded into the benchmarked process (node --import): reports its peak resident memory on
// exit, so the bench measures the real CLI without the CLI knowing about benchmarks.
import { writeFileSync } from 'node:fs';

const target = process.env.BATCHSIM_BENCH_RSS_FILE;
if (target) process.on('exit', () => writeFileSync(target, String(process.resourceUsage().maxRSS * 1024)));
