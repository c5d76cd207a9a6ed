// `batchsim report DIR`: rebuild an output folder's charts and report.html from its files.
import type { Command } from 'commander';
import { join } from 'node:path';
import { createProgress, writeReport } from '../api/run.js';
import { cleanUpOnSignals } from './common.js';
import * as msg from './messages.js';

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('rebuild the charts and report.html of an output folder from its summary.json and charts.json, checked against manifest.json')
    .argument('<dir>', 'output folder of `batchsim run` (with --outputs all or records)')
    .action(async (dir: string) => {
      const progress = createProgress({ enabled: true });
      const restore = cleanUpOnSignals();
      let written: string[];
      let leftOut: readonly string[] = [];
      try {
        written = await writeReport(dir, { onPhase: (p) => progress.phase(p), onLeftOut: (names) => (leftOut = names) });
      } finally {
        restore();
      }
      progress.done();
      if (leftOut.length > 0) process.stderr.write(`${msg.leftOutOfManifest(leftOut)}\n`);
      process.stdout.write(`${msg.wroteReport(written.length, dir, join(dir, 'report.html'))}\n`);
    });
}
