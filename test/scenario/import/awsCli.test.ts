// batchsim import aws-cli: every fixture imported, validated by loadScenario and run, and what it
// extracts checked field by field against test/fixtures/aws-configs/README.md (section 4 and 5).
import { describe, expect, it } from 'vitest';
import { importAwsCli, importSetup } from '../../../src/index.js';
import { botocore, roundTrip, rstJsonBlocks, source, written } from './helpers.js';

const rst = (name: string, i = 0) => ({ name, text: rstJsonBlocks(name)[i] });

describe('import aws-cli: botocore examples', () => {
  const sources = [...botocore('CreateComputeEnvironment', 'input'), ...botocore('DescribeJobQueues', 'output'), ...botocore('DescribeJobDefinitions', 'output')];
  const result = importSetup('aws-cli', sources, { name: 'botocore' });

  it('extracts the environments, queue and definition', () => {
    const doc = written(result);
    expect(doc.computeEnvironments.map((c: any) => c.computeEnvironmentName)).toEqual(['C4OnDemand', 'M4Spot']);
    expect(doc.computeEnvironments[0].computeResources).toMatchObject({ type: 'EC2', minvCpus: 0, desiredvCpus: 48, maxvCpus: 128, instanceTypes: ['c4.large', 'c4.xlarge', 'c4.2xlarge', 'c4.4xlarge', 'c4.8xlarge'] });
    expect(doc.computeEnvironments[1].computeResources).toMatchObject({ type: 'SPOT', bidPercentage: 20, minvCpus: 0, desiredvCpus: 4, maxvCpus: 128, instanceTypes: ['m4'] });
    expect(doc.jobQueues).toHaveLength(1);
    expect(doc.jobQueues[0]).toMatchObject({ jobQueueName: 'HighPriority', priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'C4OnDemand' }] });
    expect(doc.jobDefinitions[0]).toMatchObject({ jobDefinitionName: 'sleep60', type: 'container' });
    expect(doc.jobDefinitions[0].containerProperties.resourceRequirements).toEqual([{ type: 'MEMORY', value: '128' }, { type: 'VCPU', value: '1' }]);
    expect(doc.assumptions).toEqual({ region: 'us-east-1' });
  });

  it('lists every default it filled in, in the file and in the result', () => {
    expect(result.defaults).toEqual([
      'jobDefinitions[0].simulation.runtime: 10m (placeholder: AWS configs hold no run times)',
      'workload[0]: each job definition submitted once at t = 0 (placeholder arrivals)',
    ]);
    for (const d of result.defaults) expect(result.yaml).toContain(`#   ${d}`);
    expect(result.yaml).toContain('runtime: 10m # PLACEHOLDER');
    expect(result.yaml).toContain('# from botocore CreateComputeEnvironment[1].input');
  });

  it('validates and runs', () => {
    const { errors, run } = roundTrip(result);
    expect(errors).toEqual([]);
    expect(run!.summary.jobs.succeeded).toBe(1);
  });

  it('is deterministic', () => {
    expect(importSetup('aws-cli', sources, { name: 'botocore' }).yaml).toBe(result.yaml);
  });
});

describe('import aws-cli: aws-cli .rst examples', () => {
  it('describe-compute-environments and describe-job-definitions (legacy vcpus/memory)', () => {
    const result = importSetup('aws-cli', [rst('awscli-example-describe-job-definitions.rst'), rst('awscli-example-describe-compute-environments.rst')]);
    const doc = written(result);
    expect(doc.computeEnvironments[0]).toMatchObject({ computeEnvironmentName: 'P2OnDemand', type: 'MANAGED', state: 'ENABLED', status: 'VALID' });
    expect(doc.computeEnvironments[0].computeResources).toMatchObject({ type: 'EC2', minvCpus: 0, desiredvCpus: 48, maxvCpus: 128, instanceTypes: ['p2'] });
    expect(doc.jobDefinitions[0]).toMatchObject({ jobDefinitionName: 'sleep60', revision: 1, status: 'ACTIVE' });
    expect(doc.jobDefinitions[0].containerProperties).toMatchObject({ vcpus: 1, memory: 128, image: 'busybox', command: ['sleep', '60'] });
    // No queue: nothing to submit to, so no example workload, and the note says why.
    expect(doc.workload).toBeUndefined();
    expect(result.notes.map((n) => n.message)).toContain('job definition "sleep60": no queue in the files can run it (needs an EC2 queue); left out of the example workload');
    // p2 is a retired family, not in the bundled catalogue: the import says what stops validation, located.
    expect(result.notes.filter((n) => /^validate error/.test(n.message))).toEqual([
      { severity: 'warning', source: '-', at: 'computeEnvironments[0].computeResources.instanceTypes[0]', message: 'validate error: unknown instance type "p2"; did you mean "d2"?' },
    ]);
    expect(roundTrip(result).errors.map((e) => e.path)).toEqual(['computeEnvironments[0].computeResources.instanceTypes[0]']);
  });

  it('create-compute-environment and create-job-queue inputs, priorities taken literally', () => {
    const sources = [rst('awscli-example-create-job-queue.rst', 0), rst('awscli-example-create-job-queue.rst', 2), rst('awscli-example-create-compute-environment.rst', 0), rst('awscli-example-create-compute-environment.rst', 2)];
    const doc = written(importSetup('aws-cli', sources));
    expect(doc.jobQueues.map((q: any) => [q.jobQueueName, q.priority, q.computeEnvironmentOrder])).toEqual([
      ['LowPriority', 10, [{ order: 1, computeEnvironment: 'M4Spot' }]],
      ['HighPriority', 1, [{ order: 1, computeEnvironment: 'C4OnDemand' }, { order: 2, computeEnvironment: 'M4Spot' }]],
    ]);
    expect(doc.computeEnvironments.map((c: any) => c.computeEnvironmentName)).toEqual(['C4OnDemand', 'M4Spot']);
  });

  it('skips a create-* response, which holds only a name and an ARN', () => {
    const setup = importAwsCli([rst('awscli-example-create-compute-environment.rst', 1)]);
    expect(setup.computeEnvironments).toEqual([]);
    expect(setup.notes).toEqual([{ severity: 'note', source: 'awscli-example-create-compute-environment.rst', at: '', message: 'a create-* response (only a name and an ARN): nothing to import; skipped' }]);
  });

  it('a queue naming an environment that is not in the files is an error with file and path', () => {
    const result = importSetup('aws-cli', [rst('awscli-example-describe-job-queues.rst'), rst('awscli-example-describe-compute-environments.rst')]);
    expect(result.ok).toBe(false);
    expect(result.yaml).toBe('');
    expect(result.notes.filter((n) => n.severity === 'error')).toEqual([
      { severity: 'error', source: 'awscli-example-describe-job-queues.rst', at: 'jobQueues[0].computeEnvironmentOrder[0].computeEnvironment', message: 'names compute environment "C4OnDemand", which is not in the files read (read: P2OnDemand); did you mean "P2OnDemand"?' },
    ]);
  });
});

describe('import aws-cli: request bodies (aws-batch-efa)', () => {
  const result = importSetup('aws-cli', ['cli-input-aws-batch-efa-job_queue.json', 'cli-input-aws-batch-efa-job_definition.json', 'cli-input-aws-batch-efa-compute_environment.json'].map(source));
  it('extracts the multi-node definition, queue and environment', () => {
    const doc = written(result);
    expect(doc.computeEnvironments[0]).toMatchObject({ computeEnvironmentName: 'EFA-Batch-ComputeEnvironment', type: 'MANAGED', state: 'ENABLED' });
    expect(doc.computeEnvironments[0].computeResources).toMatchObject({ type: 'EC2', minvCpus: 0, desiredvCpus: 0, maxvCpus: 512, instanceTypes: ['c5n.18xlarge'], launchTemplate: { launchTemplateName: 'EFA-Batch-LaunchTemplate', version: '$Latest' } });
    expect(doc.jobQueues[0]).toMatchObject({ jobQueueName: 'EFA-Batch-JobQueue', priority: 10, state: 'ENABLED', computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'EFA-Batch-ComputeEnvironment' }] });
    const jd = doc.jobDefinitions[0];
    expect(jd).toMatchObject({ jobDefinitionName: 'EFA-MPI-JobDefinition', type: 'multinode', nodeProperties: { numNodes: 8, mainNode: 0 } });
    expect(jd.nodeProperties.nodeRangeProperties[0]).toMatchObject({ targetNodes: '0:', container: { vcpus: 72, memory: 184320, user: 'efauser', linuxParameters: { devices: [{ hostPath: '/dev/infiniband/uverbs0' }] }, ulimits: [{ name: 'memlock', hardLimit: -1, softLimit: -1 }] } });
    expect(result.yaml).toContain('# nodes 0–7 from "0:"');
  });
  it('validates and runs: 8 nodes of 72 vCPUs do not fit under maxvCpus 512, as the config says', () => {
    const { errors, run } = roundTrip(result);
    expect(errors).toEqual([]);
    expect(run!.summary.blocked.byReason).toEqual({ 'MISCONFIGURATION:COMPUTE_ENVIRONMENT_MAX_RESOURCE': 1 });
  });
});

describe('import aws-cli: revisions, quotas, order', () => {
  const files = ['service-quotas-batch.json', 'describe-job-definitions-revisions.json', 'describe-compute-environments-and-queues.json'];
  const result = importSetup('aws-cli', files.map(source), { name: 'mine' });

  it('takes the latest ACTIVE revision and notes the INACTIVE ones', () => {
    const doc = written(result);
    expect(doc.jobDefinitions).toHaveLength(1);
    expect(doc.jobDefinitions[0]).toMatchObject({ jobDefinitionName: 'align', revision: 3 });
    const messages = result.notes.map((n) => `${n.severity}: ${n.message}`);
    expect(messages).toContain('note: job definition "align": INACTIVE revision 1 skipped');
    expect(messages).toContain('note: job definition "align": using revision 3 (the latest ACTIVE); older ACTIVE revision 2 skipped');
    expect(messages).toContain('warning: job definition "qc": only INACTIVE revisions (1); skipped');
  });

  it('sorts the queue by order, resolves ARNs and reads the region from them', () => {
    const doc = written(result);
    expect(doc.jobQueues[0].computeEnvironmentOrder).toEqual([{ order: 1, computeEnvironment: 'spot' }, { order: 2, computeEnvironment: 'ondemand' }]);
    expect(doc.assumptions.region).toBe('eu-west-1');
  });

  it('writes the Service Quotas into assumptions.serviceQuotas; quotas the model does not enforce are noted', () => {
    // AWS Batch's own quotas (jobs in SUBMITTED, SubmitJob rate) are not vCPU quotas of the account.
    expect(written(result).assumptions.serviceQuotas).toEqual({ 'L-144F0CA5': 50, 'L-4F9AC9F4': 50 });
    expect(result.issues.filter((i) => i.path.startsWith('assumptions.serviceQuotas.')).map((i) => i.severity)).toEqual(['note', 'note']);
  });

  it('validates (a region warning) and runs', () => {
    const { errors, loaded, run } = roundTrip(result);
    expect(errors).toEqual([]);
    expect(loaded.issues.filter((i) => i.severity === 'warning').map((i) => i.path)).toEqual(['assumptions.region']);
    expect(run!.summary.jobs.succeeded).toBe(1);
  });

  it('gives the same file whatever the order of the inputs', () => {
    expect(importSetup('aws-cli', [...files].reverse().map(source), { name: 'mine' }).yaml.split('\n').slice(5).filter((l) => !l.startsWith('  #') && !l.startsWith('description')))
      .toEqual(result.yaml.split('\n').slice(5).filter((l) => !l.startsWith('  #') && !l.startsWith('description')));
  });
});

describe('import aws-cli: bad input', () => {
  it('reports invalid JSON with its line', () => {
    const setup = importAwsCli([{ name: 'bad.json', text: '{\n  "jobQueues": [\n    {,\n  ]\n}' }]);
    expect(setup.notes).toEqual([expect.objectContaining({ severity: 'error', source: 'bad.json', at: 'line 3' })]);
  });
  it('reports a JSON document that is none of the known outputs', () => {
    const setup = importAwsCli([{ name: 'other.json', text: '{"Reservations": []}' }]);
    expect(setup.notes[0]).toMatchObject({ severity: 'error', source: 'other.json', at: '' });
    expect(setup.notes[0].message).toMatch(/^not an AWS Batch document this importer knows \(top-level keys: Reservations\); expected describe-compute-environments/);
  });
  it('sends job history to import jobs', () => {
    const setup = importAwsCli([{ name: 'jobs.json', text: rstJsonBlocks('awscli-example-describe-jobs.rst')[0] }]);
    expect(setup.notes[0].message).toMatch(/import jobs/);
  });
  it('rejects a non-list and a scheduling policy that is not in the files', () => {
    expect(importAwsCli([{ name: 'x.json', text: '{"jobQueues": {}}' }]).notes[0]).toMatchObject({ at: 'jobQueues', message: 'expected a list (describe-job-queues output)' });
    const q = { jobQueues: [{ jobQueueName: 'q', priority: 1, schedulingPolicyArn: 'arn:aws:batch:us-east-1:1:scheduling-policy/fair', computeEnvironmentOrder: [] }] };
    const result = importSetup('aws-cli', [{ name: 'q.json', text: JSON.stringify(q) }]);
    expect(result.ok).toBe(false);
    expect(result.notes[0]).toMatchObject({ at: 'jobQueues[0].schedulingPolicyArn', message: 'names scheduling policy "fair", which is not in the files read (none were read)' });
  });
});

describe('import aws-cli: paginated output and quoted orders', () => {
  const ce = (name: string) => ({ computeEnvironmentName: name, type: 'MANAGED', computeResources: { type: 'EC2', maxvCpus: 8, instanceTypes: ['c6i'] } });
  const queue = (order: unknown) => ({ jobQueueName: 'q', priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'a' }, { order, computeEnvironment: 'b' }] });
  const doc = (order: unknown, extra: Record<string, unknown> = {}) => ({ name: 'pg.json', text: JSON.stringify({ computeEnvironments: [ce('a'), ce('b')], jobQueues: [queue(order)], ...extra }) });

  it('warns that a file with nextToken (or NextToken) is one page', () => {
    for (const key of ['nextToken', 'NextToken']) {
      const result = importSetup('aws-cli', [doc(2, { [key]: 'eyJOZXh0' })]);
      expect(result.ok).toBe(true);
      expect(result.notes).toContainEqual({ severity: 'warning', source: 'pg.json', at: key, message: `${key} present: the output is one page of a longer listing, so compute environments, job queues, job definitions or quotas after it may be missing; run the describe command again without --max-items, --starting-token or --no-paginate (the AWS CLI then fetches every page), or fetch the rest with --starting-token and this ${key}` });
    }
    expect(importSetup('aws-cli', [doc(2)]).notes.some((n) => /one page/.test(n.message))).toBe(false);
  });

  it('reads a quoted whole-number order as the number, and refuses one that is none', () => {
    const result = importSetup('aws-cli', [doc('2')]);
    expect(written(result).jobQueues[0].computeEnvironmentOrder).toEqual([{ order: 1, computeEnvironment: 'a' }, { order: 2, computeEnvironment: 'b' }]);
    expect(result.defaults.some((d) => /list position/.test(d))).toBe(false);
    expect(result.notes).toContainEqual({ severity: 'note', source: 'pg.json', at: 'jobQueues[0].computeEnvironmentOrder[1].order', message: '"2" read as 2' });
    const bad = importSetup('aws-cli', [doc('two')]);
    expect(bad.ok).toBe(false);
    expect(bad.notes).toContainEqual({ severity: 'error', source: 'pg.json', at: 'jobQueues[0].computeEnvironmentOrder[1].order', message: 'expected a whole number (CreateJobQueue\'s order), got "two"' });
  });
});
