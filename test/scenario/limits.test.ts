// assumptions.serviceQuotas and assumptions.capacity at the scenario boundary: keys by code or
// name, what is noted and what refused (each at its path), and validate's note of AWS's defaults.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatIssue, type Issue } from '../../src/scenario/issues.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { serviceQuotaNote } from '../../src/scenario/validate.js';
import { fakeCatalog } from './fake-catalog.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Doc = any;

const ctx = { catalog: fakeCatalog(), baseDir: '/tmp', files: new Map<string, string>() };
const bySeverity = (issues: Issue[], severity: Issue['severity']): string[] => issues.filter((i) => i.severity === severity).map(formatIssue);

function base(assumptions: Doc): Doc {
  return {
    name: 'limits',
    assumptions,
    computeEnvironments: [{ computeEnvironmentName: 'od', type: 'MANAGED', computeResources: { type: 'EC2', maxvCpus: 64, instanceTypes: ['c5'] } }],
    jobQueues: [{ jobQueueName: 'q', priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'od' }] }],
    jobDefinitions: [{ jobDefinitionName: 'd', containerProperties: { resourceRequirements: [{ type: 'VCPU', value: '1' }, { type: 'MEMORY', value: '1024' }] }, simulation: { runtime: '1m' } }],
    workload: [{ name: 'w', arrivals: { at: [0] }, jobs: [{ jobName: 'd', jobQueue: 'q', jobDefinition: 'd' }] }],
  };
}
const parse = (assumptions: Doc) => parseScenario(base(assumptions), ctx);

describe('assumptions.serviceQuotas', () => {
  it('takes a quota by its code or by its name as list-service-quotas prints it (any case, any spacing)', () => {
    const { issues, scenario } = parse({
      serviceQuotas: { 'L-1216C47A': 64, 'all  g and vt spot instance requests': 8, 'Fargate On-Demand vCPU resource count': 6 },
    });
    expect(issues).toEqual([]);
    expect(scenario!.assumptions.serviceQuotas).toEqual({ 'fargate-on-demand': 6, 'on-demand-standard': 64, 'spot-g-vt': 8 });
  });

  it('notes quotas it does not enforce (an imported list holds many) and refuses bad values and doubles, each at its path', () => {
    const { issues } = parse({ serviceQuotas: { 'L-144F0CA5': 50, 'L-1216C47A': -1, 'All P Spot Instance Requests': 'lots', 'Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances': 4 } });
    expect(bySeverity(issues, 'note')).toEqual([expect.stringMatching(/^assumptions\.serviceQuotas\.L-144F0CA5: quota "L-144F0CA5" is not one the simulator enforces; ignored/)]);
    expect(bySeverity(issues, 'error')).toEqual([
      'assumptions.serviceQuotas.L-1216C47A: must be at least 0, got -1',
      'assumptions.serviceQuotas.All P Spot Instance Requests: expected a number, got "lots"',
    ]);
    const twice = parse({ serviceQuotas: { 'L-1216C47A': 8, 'Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances': 4 } });
    expect(bySeverity(twice.issues, 'error')).toEqual([
      'assumptions.serviceQuotas.Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances: quota "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances" is already given as "L-1216C47A"',
    ]);
  });

  it('unset: validate notes that no quota binds, with AWS\'s defaults for a new account', () => {
    const note = serviceQuotaNote(parse({}).scenario!);
    expect(note).toMatchObject({ path: 'assumptions.serviceQuotas', severity: 'note' });
    expect(note!.message).toContain('Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances (L-1216C47A): 5 vCPUs');
    expect(note!.message).toContain('All Standard (A, C, D, H, I, M, R, T, Z) Spot Instance Requests: 5 vCPUs');
    expect(note!.message).toContain('Fargate On-Demand vCPU resource count: 6 vCPUs');
    expect(serviceQuotaNote(parse({ serviceQuotas: { 'L-1216C47A': 64 } }).scenario!)).toBeNull();
  });
});

describe('assumptions.capacity', () => {
  it('reads outage windows (one or a list, durations after the clock start like until) and the failure chance', () => {
    const { issues, scenario } = parse({
      capacity: [
        { instanceType: 'c5.large', purchaseOption: 'spot', unavailable: { from: '2h', to: '5h' } },
        { instanceType: 'c5.xlarge', purchaseOption: 'ON_DEMAND', unavailable: [{ from: 600, to: '20m' }, { from: 0, to: 60 }], launchFailureProbability: 0.1, retryAfter: '2m' },
      ],
    });
    expect(issues).toEqual([]);
    expect(scenario!.assumptions.capacity).toEqual([
      { instanceType: 'c5.large', purchaseOption: 'SPOT', unavailable: [{ fromMs: 7_200_000, toMs: 18_000_000 }], launchFailureProbability: 0, retryAfterMs: 60_000 },
      { instanceType: 'c5.xlarge', purchaseOption: 'ON_DEMAND', unavailable: [{ fromMs: 0, toMs: 60_000 }, { fromMs: 600_000, toMs: 1_200_000 }], launchFailureProbability: 0.1, retryAfterMs: 120_000 },
    ]);
  });

  it('refuses what cannot be, each at its path', () => {
    const { issues, scenario } = parse({
      capacity: [
        { instanceType: 'c5.large', purchaseOption: 'SPOT', unavailable: { from: '5h', to: '2h' } },
        { instanceType: 'c5.large', purchaseOption: 'RESERVED', launchFailureProbability: 1.5, retryAfter: 0 },
        { purchaseOption: 'SPOT', unavailable: [{ from: 0 }] },
      ],
    });
    expect(scenario).toBeNull();
    expect(bySeverity(issues, 'error')).toEqual([
      'assumptions.capacity[0].unavailable.to: to must be later than from',
      'assumptions.capacity[1].purchaseOption: must be one of ON_DEMAND, SPOT, got "RESERVED"',
      'assumptions.capacity[1].launchFailureProbability: must be between 0 and 1, got 1.5',
      'assumptions.capacity[1].retryAfter: must be greater than 0, got 0',
      'assumptions.capacity[2].instanceType: required',
      'assumptions.capacity[2].unavailable[0].to: required',
    ]);
    const typo = parse({ capacity: [{ instanceType: 'c5.lrage', purchaseOption: 'SPOT' }] });
    expect(bySeverity(typo.issues, 'error')).toEqual([expect.stringMatching(/^assumptions\.capacity\[0\]\.instanceType: .*c5\.lrage.*c5\.large/)]);
  });
});

describe('batchsim validate and run (dist/)', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const cli = join(root, 'dist/cli/main.js');
  const batchsim = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8' });

  it('validate notes AWS\'s new-account defaults when no quota is set, and not when one is', () => {
    const none = batchsim(['validate', 'scenarios/compare-spot-fallback.yaml']);
    expect(none.status).toBe(0);
    expect(none.stdout).toContain('note: assumptions.serviceQuotas: no assumptions.serviceQuotas: no account quota binds this run;');
    const set = batchsim(['validate', 'scenarios/limits-quota-nightly.yaml']);
    expect(set.status).toBe(0);
    expect(set.stdout).not.toContain('no account quota binds');
  });

  it('a bad quota value stops run with exit 2 and its path, no stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'batchsim-limits-'));
    const file = join(dir, 's.yaml');
    writeFileSync(file, readFileSync(join(root, 'scenarios/limits-quota-nightly.yaml'), 'utf8').replace('L-1216C47A: 64', 'L-1216C47A: lots'));
    const r = batchsim(['run', file, '--out', join(dir, 'out')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('error: assumptions.serviceQuotas.L-1216C47A: expected a number, got "lots"');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
