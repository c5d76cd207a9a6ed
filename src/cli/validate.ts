// `batchsim validate SCENARIO`: list every problem, warning and ignored field of a scenario.
import type { Command } from 'commander';
import { runBlockers, serviceQuotaNote } from '../api/run.js';
import { issuesJson, loadStrictly, printIssues, STRICT_OPTION } from './common.js';
import * as msg from './messages.js';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check a scenario file and list every problem, warning and ignored field')
    .argument('<scenario>', 'scenario file (YAML or JSON)')
    .option('--json', 'print the issues as JSON (every one of them)')
    .option(...STRICT_OPTION)
    .action((file: string, opts: { json?: boolean; strict?: boolean }) => {
      const loaded = loadStrictly(file, undefined, opts.strict === true);
      const errors = runBlockers(loaded);
      const quotaNote = loaded.scenario === null ? null : serviceQuotaNote(loaded.scenario);
      if (quotaNote !== null) loaded.issues = [...loaded.issues, quotaNote];
      if (opts.json) {
        process.stdout.write(issuesJson(loaded.issues, errors.length === 0));
      } else {
        printIssues(loaded.issues, false);
        process.stdout.write(`${errors.length > 0 ? msg.errorsCount(file, errors.length) : msg.valid(file)}\n`);
      }
      if (errors.length > 0) process.exitCode = 2;
    });
}
