// The plan files bundled in scenarios/plans/ and bench/: each must prepare (its base loads, its
// figures exist, every point of its grid is a valid scenario) and be shaped as the README says.
// Running them is the README's and the benchmark's job; this keeps them valid as the code moves.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { prepareSweep } from '../../src/plan/setup.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PLANS = readdirSync(join(ROOT, 'scenarios/plans')).filter((f) => /^plan-.*\.ya?ml$/.test(f)).sort().map((f) => `scenarios/plans/${f}`);

describe('bundled plans', () => {
  it('are there', () => {
    expect(PLANS).toEqual([
      'scenarios/plans/plan-compare-examples.yaml',
      'scenarios/plans/plan-fargate-vs-ec2.yaml',
      'scenarios/plans/plan-instance-families.yaml',
      'scenarios/plans/plan-nightly-deadline.yaml',
      'scenarios/plans/plan-pipeline.yaml',
      'scenarios/plans/plan-short-jobs-image-pull.yaml',
      'scenarios/plans/plan-spot-reclaims.yaml',
    ]);
  });

  for (const file of [...PLANS, 'bench/sweep-64.yaml']) {
    it(`${file} prepares: every point is a valid scenario`, async () => {
      const prepared = await prepareSweep(join(ROOT, file));
      if (!prepared.ok) throw new Error(prepared.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
      expect(prepared.setup.points.length).toBeGreaterThan(0);
    });
  }

  it('have the sizes the README reports', async () => {
    const size = async (file: string): Promise<[number, number]> => {
      const p = await prepareSweep(join(ROOT, file));
      if (!p.ok) throw new Error(file);
      return [p.setup.points.length, p.setup.plan.replications];
    };
    expect(await size('scenarios/plans/plan-compare-examples.yaml')).toEqual([10, 1]);
    expect(await size('scenarios/plans/plan-spot-reclaims.yaml')).toEqual([12, 5]);
    expect(await size('scenarios/plans/plan-fargate-vs-ec2.yaml')).toEqual([4, 5]);
    expect(await size('scenarios/plans/plan-nightly-deadline.yaml')).toEqual([10, 10]);
    expect(await size('scenarios/plans/plan-instance-families.yaml')).toEqual([10, 5]);
    expect(await size('scenarios/plans/plan-short-jobs-image-pull.yaml')).toEqual([4, 3]);
    expect(await size('scenarios/plans/plan-pipeline.yaml')).toEqual([6, 3]);
    expect(await size('bench/sweep-64.yaml')).toEqual([64, 1]);
  });
});
