// `batchsim report DIR`: rebuild an output folder's charts and report.html from its files.
import type { Command } from 'commander';
import { join } from 'node:path';
import { createProgress, missingReportInputs, writeReport } from '../index.js';

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('rebuild the charts and report.html of an output folder from its summary.json and CSVs')
    .argument('<dir>', 'output folder of `batchsim run` (with --outputs all or records)')
    .action(async (dir: string) => {
      const missing = missingReportInputs(dir);
      if (missing.length > 0) {
        process.stderr.write(`batchsim report: ${dir} lacks ${missing.join(', ')}; run \`batchsim run SCENARIO --out ${dir}\` (with --outputs all or records) first\n`);
        process.exitCode = 2;
        return;
      }
      const progress = createProgress({ enabled: true });
      const written = await writeReport(dir, { onPhase: (p) => progress.phase(p) });
      progress.done();
      process.stdout.write(`wrote ${written.length} files to ${dir} (open ${join(dir, 'report.html')})\n`);
    });
}
