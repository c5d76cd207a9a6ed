// Pasted describe-job-definitions output with several revisions, and submissions that name a
// definition as name, name:revision or ARN, as AWS accepts them.
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../../src/scenario/issues.js';
import { parseScenario } from '../../../src/scenario/parse.js';
import { fakeCatalog } from '../fake-catalog.js';

const ctx = { catalog: fakeCatalog(), baseDir: '/', files: new Map<string, string>() };

function doc(jobDefinition: string, revisions: { revision: number; status: string; runtime: string }[]) {
  return {
    name: 'revisions',
    computeEnvironments: [{ computeEnvironmentName: 'ce', type: 'UNMANAGED', simulation: { instances: [{ instanceType: 'box', vcpus: 4, memoryMiB: 8192, count: 1 }] } }],
    jobQueues: [{ jobQueueName: 'q', priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'ce' }] }],
    jobDefinitions: revisions.map((r) => ({
      jobDefinitionName: 'align',
      jobDefinitionArn: `arn:aws:batch:us-east-1:123456789012:job-definition/align:${r.revision}`,
      revision: r.revision,
      status: r.status,
      type: 'container',
      containerProperties: { resourceRequirements: [{ type: 'VCPU', value: '1' }, { type: 'MEMORY', value: '1024' }] },
      simulation: { runtime: r.runtime },
    })),
    workload: [{ name: 'w', arrivals: { at: [0] }, jobs: [{ jobName: 'j', jobQueue: 'q', jobDefinition }] }],
  };
}

const three = [
  { revision: 2, status: 'INACTIVE', runtime: '2m' },
  { revision: 3, status: 'ACTIVE', runtime: '3m' },
  { revision: 4, status: 'ACTIVE', runtime: '4m' },
];

describe('job-definition revisions', () => {
  it('keeps the latest ACTIVE revision under its name and notes the others', () => {
    const { scenario, issues } = parseScenario(doc('align', three), ctx);
    expect(scenario!.jobDefinitions.map((d) => d.jobDefinitionName)).toEqual(['align']);
    expect(scenario!.jobDefinitions[0].runtime).toEqual({ kind: 'fixed', value: 240_000 });
    expect(issues.filter((i) => i.path.startsWith('jobDefinitions[') && /^revision/.test(i.message)).map(formatIssue)).toEqual([
      'jobDefinitions[0]: revision 2 of job definition "align" is INACTIVE and no submission names it; skipped',
      'jobDefinitions[1]: revision 3 of job definition "align" is not the latest ACTIVE one and no submission names it; skipped',
    ]);
  });
  it('runs a pinned revision, by name:revision or by ARN', () => {
    for (const ref of ['align:3', 'arn:aws:batch:us-east-1:123456789012:job-definition/align:3']) {
      const { scenario } = parseScenario(doc(ref, three), ctx);
      expect(scenario!.workload[0].jobs[0].jobDefinition).toBe('align:3');
      expect(scenario!.jobDefinitions.find((d) => d.jobDefinitionName === 'align:3')!.runtime).toEqual({ kind: 'fixed', value: 180_000 });
    }
  });
  it('warns of an INACTIVE pinned revision and refuses one that does not exist', () => {
    const inactive = parseScenario(doc('align:2', three), ctx);
    expect(inactive.issues.map(formatIssue)).toContain('workload[0].jobs[0].jobDefinition: "align:2" is an INACTIVE revision; AWS Batch refuses new submissions to it, but replaying history on it is allowed');
    const missing = parseScenario(doc('align:9', three), ctx);
    expect(missing.scenario).toBeNull();
    expect(missing.issues.map(formatIssue)).toContain('workload[0].jobs[0].jobDefinition: job definition "align" has no revision 9 (revisions: 2, 3, 4)');
  });
  it('accepts name:revision against a scenario that writes one definition without revisions', () => {
    const d = doc('align:7', [{ revision: 1, status: 'ACTIVE', runtime: '1m' }]);
    delete (d.jobDefinitions[0] as { revision?: number }).revision;
    const { scenario, issues } = parseScenario(d, ctx);
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(scenario!.workload[0].jobs[0].jobDefinition).toBe('align');
  });
});
