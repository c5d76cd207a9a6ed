#!/usr/bin/env node
// The batchsim command: one file per command registers its flags; this file sets the exit codes
// (0 ok, 2 bad input, 1 a bug in batchsim). Bad input never shows a stack trace.
import { Command, CommanderError } from 'commander';
import { batchsimVersion, OutputFolderError } from '../index.js';
import { InputError } from './common.js';
import { registerCompare } from './compare.js';
import { registerMerge } from './merge.js';
import * as msg from './messages.js';
import { registerReport } from './report.js';
import { registerRun } from './run.js';
import { registerSweep } from './sweep.js';
import { registerValidate } from './validate.js';
import { registerImport } from './import.js';
import { registerCheck } from './check.js';

const program = new Command();
program
  .name('batchsim')
  .version(batchsimVersion(), '-V, --version')
  .description('Deterministic discrete-event simulator and capacity/cost planner for AWS Batch')
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });
registerRun(program);
registerReport(program);
registerValidate(program);
registerCompare(program);
registerSweep(program);
registerMerge(program);
registerImport(program);
registerCheck(program);

try {
  await program.parseAsync();
} catch (err) {
  if (err instanceof CommanderError) {
    // Help and version exit 0; every other flag problem is bad input.
    process.exitCode = err.exitCode === 0 ? 0 : 2;
  } else if (err instanceof InputError || err instanceof OutputFolderError) {
    process.stderr.write(`batchsim: ${err.message}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`batchsim: ${msg.internalError(err instanceof Error ? (err.stack ?? err.message) : String(err))}\n`);
    process.exitCode = 1;
  }
}
