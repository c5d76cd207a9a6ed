// `batchsim merge SLICE… --out DIR`: join the slices of a sharded sweep into one sweep folder.
import type { Command } from 'commander';
import { mergeSlices } from '../index.js';
import { InputError } from './common.js';
import { interruptible } from './planning.js';

export function registerMerge(program: Command): void {
  program
    .command('merge')
    .description('join the slice folders of a sharded sweep (--shard K/N) into the folder one machine would write')
    .argument('<slices...>', 'the slice folders, all of one plan')
    .requiredOption('-o, --out <dir>', 'the merged sweep folder')
    .action(async (dirs: string[], opts: { out: string }) => {
      if (dirs.includes(opts.out)) throw new InputError(`--out ${opts.out} is also a slice folder; merge into another folder`);
      await interruptible(async () => {
        const { runs } = await mergeSlices(dirs, opts.out);
        process.stdout.write(`merged ${dirs.length} slices, ${runs} runs\n  outputs     ${opts.out}\n`);
      }, () => 'nothing was written');
    });
}
