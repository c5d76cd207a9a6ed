// What every import promises (issue 12, point 6): a commented scenario that loadScenario accepts or
// whose blockers are listed with their paths, the same bytes for the same input, and no number that
// is neither in the source documents nor listed as a default.
import { describe, expect, it } from 'vitest';
import { importSetup, type FinishedImport } from '../../../src/index.js';
import { botocore, fixture, roundTrip, source, written } from './helpers.js';

const cases: [string, () => FinishedImport, string][] = [
  ['aws-cli botocore', () => importSetup('aws-cli', [...botocore('CreateComputeEnvironment', 'input'), ...botocore('DescribeJobQueues', 'output'), ...botocore('DescribeJobDefinitions', 'output')]), fixture('botocore-batch-examples-1.json')],
  ['aws-cli efa', () => importSetup('aws-cli', ['cli-input-aws-batch-efa-compute_environment.json', 'cli-input-aws-batch-efa-job_queue.json', 'cli-input-aws-batch-efa-job_definition.json'].map(source)), ['cli-input-aws-batch-efa-compute_environment.json', 'cli-input-aws-batch-efa-job_queue.json', 'cli-input-aws-batch-efa-job_definition.json'].map(fixture).join('\n')],
  ['aws-cli revisions', () => importSetup('aws-cli', ['describe-compute-environments-and-queues.json', 'describe-job-definitions-revisions.json', 'service-quotas-batch.json'].map(source)), ['describe-compute-environments-and-queues.json', 'describe-job-definitions-revisions.json', 'service-quotas-batch.json'].map(fixture).join('\n')],
  ...['cfn-aws-batch-blueprints-fargate-existing-vpc.yaml', 'cfn-satcomp-build-job-queue-multinode.yaml', 'cdk-awscdk-integ-job-queue-fairshare.template.json', 'cdk-awscdk-integ-multinode-job-definition.template.json', 'cfn-handwritten-intrinsics.yaml'].map(
    (f): [string, () => FinishedImport, string] => [`cloudformation ${f}`, () => importSetup('cloudformation', [source(f)]), fixture(f)],
  ),
  ...['terraform-plan-modules.json', 'terraform-state-legacy.json'].map((f): [string, () => FinishedImport, string] => [`terraform ${f}`, () => importSetup('terraform', [source(f)]), fixture(f)]),
  ['cloudformation gwfcore', () => importSetup('cloudformation', [source('cfn-aws-genomics-workflows-gwfcore-batch.template.yaml')], { parameters: { Namespace: 'x', BatchComputeInstanceTypes: 'c6i' } }), fixture('cfn-aws-genomics-workflows-gwfcore-batch.template.yaml') + ' c6i'],
];

function numbers(value: unknown, path: string, out: [string, number][]): [string, number][] {
  if (typeof value === 'number') out.push([path, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => numbers(v, `${path}[${i}]`, out));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) numbers(v, path === '' ? k : `${path}.${k}`, out);
  return out;
}

describe.each(cases)('%s', (_, run, sourceText) => {
  const result = run();
  it('writes a commented scenario that loads without errors and runs', () => {
    expect(result.ok).toBe(true);
    expect(result.yaml.startsWith('# Imported by `batchsim import ')).toBe(true);
    expect(result.yaml).toMatch(/^ {2}# from /m);
    const { errors, run: ran } = roundTrip(result);
    expect(errors).toEqual([]);
    expect(ran).not.toBeNull();
  });
  it('lists each default it filled in, in the header', () => {
    for (const d of result.defaults) expect(result.yaml).toContain(`#   ${d}`);
    const doc = written(result);
    for (const [i, jd] of (doc.jobDefinitions ?? []).entries())
      if (jd.simulation.runtime === '10m') expect(result.defaults).toContain(`jobDefinitions[${i}].simulation.runtime: 10m (placeholder: AWS configs hold no run times)`);
  });
  it('invents no number: each is in the source or listed as a default', () => {
    for (const [path, n] of numbers(written(result), '', [])) {
      const listed = result.defaults.some((d) => path.startsWith(d.split(':')[0]));
      expect(listed || sourceText.includes(String(n)), `${path} = ${n}`).toBe(true);
    }
  });
  it('gives the same bytes for the same input', () => {
    expect(run().yaml).toBe(result.yaml);
  });
});
