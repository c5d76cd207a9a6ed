// batchsim import terraform: `terraform show -json` of a plan (modules, count, unknown ARNs traced
// through the configuration) and of a state (ARNs, legacy compute_environments), written by hand
// from the Terraform AWS provider's aws_batch_* schema (see the fixtures' README, section 6).
import { describe, expect, it } from 'vitest';
import { importSetup, importTerraform } from '../../../src/index.js';
import { roundTrip, source, written } from './helpers.js';

describe('a plan with a module, count and values known only at apply', () => {
  const result = importSetup('terraform', [source('terraform-plan-modules.json')]);
  const doc = written(result);
  it('reads every instance of every module, names from name / prefix / address', () => {
    expect(doc.computeEnvironments.map((c: any) => [c.computeEnvironmentName, c.state])).toEqual([['spot', 'ENABLED'], ['ondemand-0', 'ENABLED'], ['batch-ondemand-1', 'DISABLED']]);
    expect(doc.computeEnvironments[0].computeResources).toEqual({ type: 'SPOT', allocationStrategy: 'SPOT_PRICE_CAPACITY_OPTIMIZED', bidPercentage: 100, minvCpus: 0, maxvCpus: 256, instanceTypes: ['c6i', 'm6i'], ec2Configuration: [{ imageType: 'ECS_AL2' }], securityGroupIds: ['sg-0a1b2c3d'], subnets: ['subnet-0a1b2c3d', 'subnet-4e5f6a7b'] });
    expect(doc.computeEnvironments[1].computeResources.launchTemplate).toEqual({ launchTemplateName: 'batch-lt', version: '$Latest' });
    expect(result.notes.map((n) => n.message)).toContain('name_prefix "ondemand-": Terraform adds a random suffix at apply; named after its address, "batch-ondemand-1"');
  });
  it('traces unknown environment ARNs and the policy (through var.scheduling_policy_arn) to their resources', () => {
    expect(doc.jobQueues[0]).toMatchObject({ jobQueueName: 'pipeline', priority: 100, state: 'ENABLED', schedulingPolicyArn: 'by-team', computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'spot' }, { order: 2, computeEnvironment: 'ondemand-0' }] });
    expect(doc.jobQueues[0].jobStateTimeLimitActions).toEqual([{ action: 'CANCEL', maxTimeSeconds: 1800, reason: 'MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT', state: 'RUNNABLE' }]);
  });
  it('reads container_properties as the JSON string it is, and the blocks', () => {
    const jd = doc.jobDefinitions[0];
    expect(jd).toMatchObject({ jobDefinitionName: 'align', type: 'container', platformCapabilities: ['EC2'], timeout: { attemptDurationSeconds: 14400 } });
    expect(jd.retryStrategy).toEqual({ attempts: 3, evaluateOnExit: [{ action: 'RETRY', onStatusReason: 'Host EC2*' }, { action: 'EXIT', onReason: '*' }] });
    expect(jd.containerProperties.resourceRequirements).toEqual([{ type: 'VCPU', value: '4' }, { type: 'MEMORY', value: '15000' }]);
    expect(doc.schedulingPolicies).toEqual([{ name: 'by-team', fairsharePolicy: { computeReservation: 10, shareDecaySeconds: 3600, shareDistribution: [{ shareIdentifier: 'genomics', weightFactor: 1 }, { shareIdentifier: 'imaging', weightFactor: 2 }] } }]);
  });
  it('validates and runs', () => {
    const { errors, run } = roundTrip(result);
    expect(errors).toEqual([]);
    expect(run!.summary.jobs.succeeded).toBe(1);
  });
});

describe('a state with ARNs and the legacy compute_environments list', () => {
  const result = importSetup('terraform', [source('terraform-state-legacy.json')]);
  const doc = written(result);
  it('resolves ARNs to names and takes the legacy list order', () => {
    expect(doc.jobQueues.map((q: any) => [q.jobQueueName, q.priority, q.computeEnvironmentOrder])).toEqual([
      ['small', 10, [{ order: 1, computeEnvironment: 'fargate-spot' }, { order: 2, computeEnvironment: 'fargate-main' }]],
      ['mpi', 1, [{ order: 0, computeEnvironment: 'mpi' }]],
    ]);
    expect(doc.jobQueues[0].schedulingPolicyArn).toBeUndefined();
    expect(doc.computeEnvironments[0].computeResources).toMatchObject({ type: 'FARGATE', maxvCpus: 64 });
    expect(doc.computeEnvironments[0].computeResources.allocationStrategy).toBeUndefined(); // "" in the state
    expect(doc.assumptions.region).toBe('us-west-2');
    expect(result.notes.map((n) => n.message)).toContain('legacy compute_environments list: order taken from list position (1, 2, …)');
  });
  it('reads node_properties JSON and drops revision, ARNs and tags_all', () => {
    const mpi = doc.jobDefinitions[1];
    expect(mpi).toMatchObject({ jobDefinitionName: 'mpi', type: 'multinode', nodeProperties: { numNodes: 4, mainNode: 0, nodeRangeProperties: [{ targetNodes: '0:', container: { vcpus: 8, memory: 30000 } }] } });
    expect(Object.keys(doc.jobDefinitions[0])).not.toContain('revision');
    expect(doc.jobDefinitions[0].retryStrategy).toEqual({ attempts: 2 });
  });
  it('validates and runs both example jobs', () => {
    const { errors, run } = roundTrip(result);
    expect(errors).toEqual([]);
    expect(run!.summary.jobs.succeeded).toBe(2);
  });
});

describe('import terraform: bad input', () => {
  const notes = (text: string) => importTerraform([{ name: 'p.json', text }]).notes.map((n) => `${n.severity} ${n.at}: ${n.message}`);
  it('not terraform show -json output, or no Batch resources', () => {
    expect(notes('{"resources": []}')).toEqual(['error : not `terraform show -json` output: no planned_values.root_module (a plan) or values.root_module (a state)']);
    expect(notes('{"values": {"root_module": {"resources": [{"address": "aws_s3_bucket.b", "mode": "managed", "type": "aws_s3_bucket", "values": {}}]}}}')).toEqual(['error root_module: no aws_batch_compute_environment, _job_queue, _job_definition or _scheduling_policy resource (found: aws_s3_bucket)']);
    expect(notes('{"values": ')[0]).toMatch(/^error line 1: not valid JSON/);
  });
  it('an ARN unknown in the plan with no traceable reference, and a bad container_properties string', () => {
    const plan = { planned_values: { root_module: { resources: [
      { address: 'aws_batch_job_queue.q', mode: 'managed', type: 'aws_batch_job_queue', values: { name: 'q', priority: 1, compute_environment_order: [{ order: 1 }] } },
      { address: 'aws_batch_job_definition.d', mode: 'managed', type: 'aws_batch_job_definition', values: { name: 'd', type: 'container', container_properties: '{"image": ' } },
    ] } } };
    expect(notes(JSON.stringify(plan))).toEqual([
      'error aws_batch_job_queue.q.compute_environment_order[0]: compute_environment_order.compute_environment is not known in the plan (computed at apply) and its reference cannot be traced through the configuration',
      expect.stringMatching(/^error aws_batch_job_definition.d.container_properties: not valid JSON: .* \(line 1 of the JSON string\)$/),
    ]);
    const result = importSetup('terraform', [{ name: 'p.json', text: JSON.stringify(plan) }]);
    expect(result.ok).toBe(false);
  });
});
