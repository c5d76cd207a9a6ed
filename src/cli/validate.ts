// `batchsim validate SCENARIO`: list every problem, warning and ignored field of a scenario.
import type { Command } from 'commander';
import { loadScenario, runBlockers } from '../index.js';
import { printIssues } from './common.js';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check a scenario file and list every problem, warning and ignored field')
    .argument('<scenario>', 'scenario file (YAML or JSON)')
    .option('--json', 'print the issues as JSON')
    .action((file: string, opts: { json?: boolean }) => {
      const loaded = loadScenario(file);
      const errors = runBlockers(loaded);
      if (opts.json) {
        process.stdout.write(JSON.stringify({ valid: errors.length === 0, issues: loaded.issues }, null, 2) + '\n');
      } else {
        printIssues(loaded.issues, false);
        process.stdout.write(errors.length > 0 ? `${file}: ${errors.length} error${errors.length === 1 ? '' : 's'}\n` : `${file}: valid\n`);
      }
      if (errors.length > 0) process.exitCode = 2;
    });
}
