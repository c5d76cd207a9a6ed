// batchsim import cloudformation: each real template (and CDK snapshot) imported, validated and run,
// and what it extracts checked against test/fixtures/aws-configs/README.md sections 1 and 2.
import { describe, expect, it } from 'vitest';
import { importCloudFormation, importSetup } from '../../../src/index.js';
import { roundTrip, source, written } from './helpers.js';

const cfn = (name: string, parameters: Record<string, string> = {}) => importSetup('cloudformation', [source(name)], { name: 'cfn', parameters });
const messages = (r: { notes: { severity: string; at: string; message: string }[] }): string[] => r.notes.map((n) => `${n.severity} ${n.at}: ${n.message}`);

describe('gwfcore-batch (short-form tags, parameters, conditions, mappings)', () => {
  const name = 'cfn-aws-genomics-workflows-gwfcore-batch.template.yaml';
  const result = cfn(name, { Namespace: 'nf', BatchComputeInstanceTypes: 'c5.large,m5.large' });

  it('extracts both environments and queues with parameter defaults', () => {
    const doc = written(result);
    const [spot, onDemand] = doc.computeEnvironments;
    expect(spot).toMatchObject({ computeEnvironmentName: 'spot-nf', type: 'MANAGED', state: 'ENABLED' });
    expect(spot.computeResources).toMatchObject({ type: 'SPOT', allocationStrategy: 'SPOT_CAPACITY_OPTIMIZED', bidPercentage: 100, minvCpus: 0, maxvCpus: 1000, instanceTypes: ['c5.large', 'm5.large'] });
    expect(spot.computeResources.launchTemplate.version).toBe('$Latest');
    expect(spot.computeResources.ec2Configuration).toEqual([{ imageType: 'ECS_AL2' }]);
    expect(spot.computeResources.tags).toEqual({ Name: 'batch-worker-spot-nf', architecture: 'genomics-workflows' });
    expect(onDemand).toMatchObject({ computeEnvironmentName: 'ondemand-nf' });
    expect(onDemand.computeResources).toMatchObject({ type: 'EC2', allocationStrategy: 'BEST_FIT', minvCpus: 0, maxvCpus: 100 });
    // FsxCondition is false by default (FSxSubnetId "No"), so Subnets is SubnetIds (no value: a placeholder list).
    expect(spot.computeResources.subnets).toEqual(['<unresolved:parameter SubnetIds>']);
    expect(doc.jobQueues.map((q: any) => [q.jobQueueName, q.priority, q.computeEnvironmentOrder])).toEqual([
      ['priority-nf', 1000, [{ order: 1, computeEnvironment: 'ondemand-nf' }]],
      ['default-nf', 1, [{ order: 1, computeEnvironment: 'spot-nf' }]],
    ]);
  });

  it('reports the parameters without a value once each, where they were needed', () => {
    expect(messages(result)).toContain('warning Resources.SpotComputeEnv.Properties.ComputeResources.Subnets: parameter SubnetIds has no value (no Default and no --parameter): left as the placeholder "<unresolved:parameter SubnetIds>" at Resources.SpotComputeEnv.Properties.ComputeResources.Subnets, Resources.OnDemandComputeEnv.Properties.ComputeResources.Subnets');
    expect(result.notes.filter((n) => /parameter LaunchTemplateId/.test(n.message))).toHaveLength(1);
  });

  it('validates and runs', () => {
    const { errors, run } = roundTrip(result);
    expect(errors).toEqual([]);
    expect(run!.summary.jobs.submitted).toBe(0);
  });

  it('without the parameters the placeholders are what stops validation, located', () => {
    const bare = cfn(name);
    expect(written(bare).computeEnvironments[0].computeEnvironmentName).toBe('spot-<unresolved:parameter Namespace>');
    expect(bare.notes.filter((n) => /^validate error/.test(n.message)).map((n) => n.at)).toEqual([
      'computeEnvironments[0].computeResources.instanceTypes[0]',
      'computeEnvironments[1].computeResources.instanceTypes[0]',
    ]);
  });
});

describe('satcomp build-job-queue (multi-node, queue before its environment, Ref: long form)', () => {
  const result = cfn('cfn-satcomp-build-job-queue-multinode.yaml');
  it('extracts the environment, queue and multi-node definition', () => {
    const doc = written(result);
    expect(doc.computeEnvironments[0]).toMatchObject({ computeEnvironmentName: 'ComputeEnv-proofs', type: 'MANAGED' });
    expect(doc.computeEnvironments[0].computeResources).toMatchObject({ type: 'EC2', allocationStrategy: 'BEST_FIT_PROGRESSIVE', instanceTypes: ['optimal'], minvCpus: 0, desiredvCpus: 32, maxvCpus: 32 });
    expect(doc.jobQueues[0]).toMatchObject({ jobQueueName: 'JobQueue-proofs', priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'ComputeEnv-proofs' }] });
    const jd = doc.jobDefinitions[0];
    expect(jd).toMatchObject({ jobDefinitionName: 'JobDefinition-proofs', type: 'multinode', retryStrategy: { attempts: 1 }, nodeProperties: { numNodes: 2, mainNode: 0 } });
    expect(jd.nodeProperties.nodeRangeProperties).toHaveLength(1);
    expect(jd.nodeProperties.nodeRangeProperties[0]).toMatchObject({ targetNodes: '0:1', container: { vcpus: 4, memory: 64000 } });
  });
  it('validates and runs the example job: 2 nodes of 4 vCPU / 64000 MiB', () => {
    const { errors, run } = roundTrip(result);
    expect(errors).toEqual([]);
    expect(run!.summary.jobs.succeeded).toBe(1);
  });
});

describe('aws-batch-blueprints Fargate (${AWS::StackName}, !GetAtt X.Arn, fractional vCPU)', () => {
  const result = cfn('cfn-aws-batch-blueprints-fargate-existing-vpc.yaml', { 'AWS::StackName': 'demo' });
  it('extracts the Fargate environment, queue and three definitions', () => {
    const doc = written(result);
    expect(doc.computeEnvironments[0]).toMatchObject({ computeEnvironmentName: 'ce-demo', type: 'MANAGED', state: 'ENABLED', computeResources: { type: 'FARGATE', maxvCpus: 256 } });
    expect(doc.jobQueues[0]).toMatchObject({ jobQueueName: 'jq-demo', priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'ce-demo' }] });
    const shape = (jd: any) => [jd.jobDefinitionName, jd.platformCapabilities, jd.containerProperties.resourceRequirements, jd.containerProperties.runtimePlatform, jd.retryStrategy];
    expect(doc.jobDefinitions.map(shape)).toEqual([
      ['jd-demo-hello-linux', ['FARGATE'], [{ type: 'VCPU', value: '0.5' }, { type: 'MEMORY', value: '1024' }], { cpuArchitecture: 'X86_64', operatingSystemFamily: 'LINUX' }, undefined],
      ['jd-demo-hello-windows', ['FARGATE'], [{ type: 'VCPU', value: '1' }, { type: 'MEMORY', value: '2048' }], { cpuArchitecture: 'X86_64', operatingSystemFamily: 'WINDOWS_SERVER_2022_CORE' }, undefined],
      ['jd-demo-hello-graviton', ['FARGATE'], [{ type: 'VCPU', value: '0.5' }, { type: 'MEMORY', value: '1024' }], { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' }, undefined],
    ]);
    expect(doc.jobDefinitions[0].containerProperties.networkConfiguration).toEqual({ assignPublicIp: 'DISABLED' });
    expect(doc.jobDefinitions[0].containerProperties.executionRoleArn).toBe('<getatt:BatchEcsExecutionRole.Arn>');
  });
  it('validates and runs the three example jobs on Fargate', () => {
    const { errors, run } = roundTrip(result);
    expect(errors).toEqual([]);
    expect(run!.summary.jobs.succeeded).toBe(3);
  });
  it('leaves AWS::StackName as a placeholder when not given', () => {
    expect(written(cfn('cfn-aws-batch-blueprints-fargate-existing-vpc.yaml')).computeEnvironments[0].computeEnvironmentName).toBe('ce-<unresolved:pseudo parameter AWS::StackName>');
  });
});

describe('CDK snapshots (JSON, Fn::GetAtt arrays, no physical names)', () => {
  it('job queue with fair share', () => {
    const result = cfn('cdk-awscdk-integ-job-queue-fairshare.template.json');
    const doc = written(result);
    expect(doc.schedulingPolicies).toEqual([{ name: 'joBBQFairsharePolicy', fairsharePolicy: { computeReservation: 75, shareDecaySeconds: 3600, shareDistribution: [{ shareIdentifier: 'shareA', weightFactor: 0.5 }, { shareIdentifier: 'shareB', weightFactor: 7 }] } }]);
    expect(doc.computeEnvironments.map((c: any) => c.computeEnvironmentName)).toEqual(['managedEc2CE195A935F', 'newManagedEc2CECBFFDA3E']);
    for (const ce of doc.computeEnvironments) expect(ce.computeResources).toMatchObject({ type: 'EC2', allocationStrategy: 'BEST_FIT_PROGRESSIVE', instanceTypes: ['optimal'], minvCpus: 0, maxvCpus: 256 });
    expect(doc.computeEnvironments[0].replaceComputeEnvironment).toBeUndefined();
    expect(doc.jobQueues[0]).toMatchObject({ jobQueueName: 'joBBQ9FD52DAF', priority: 10, schedulingPolicyArn: 'joBBQFairsharePolicy', computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'managedEc2CE195A935F' }, { order: 2, computeEnvironment: 'newManagedEc2CECBFFDA3E' }] });
    expect(messages(result)).toContain('note Resources.joBBQ9FD52DAF: no JobQueueName: named by its logical id "joBBQ9FD52DAF"');
    const { errors } = roundTrip(result);
    expect(errors).toEqual([]);
  });

  it('multi-node definitions: 256 vCPU per node taken literally, nested open ranges', () => {
    const result = cfn('cdk-awscdk-integ-multinode-job-definition.template.json');
    const [single, multi, unlimited] = written(result).jobDefinitions;
    expect(single).toMatchObject({ jobDefinitionName: 'SingleContainerMultiNodeJob1118AC82', type: 'multinode', propagateTags: true, nodeProperties: { numNodes: 11, mainNode: 0 } });
    expect(single.retryStrategy).toBeUndefined();
    expect(single.nodeProperties.nodeRangeProperties[0]).toMatchObject({ targetNodes: '0:10', container: { resourceRequirements: [{ type: 'MEMORY', value: '2048' }, { type: 'VCPU', value: '256' }] } });
    expect(multi.nodeProperties).toMatchObject({ numNodes: 21, mainNode: 0 });
    expect(multi.nodeProperties.nodeRangeProperties.map((r: any) => [r.targetNodes, r.container.instanceType])).toEqual([['0:10', 'r4.large'], ['11:20', 'r4.large']]);
    expect(unlimited.nodeProperties.nodeRangeProperties.map((r: any) => r.targetNodes)).toEqual(['0:', '11:', '15:']);
    expect(result.yaml).toContain('# nodes 0–10 from "0:", 11–14 from "11:", 15–19 from "15:"');
    const { errors } = roundTrip(result);
    expect(errors).toEqual([]);
  });
});

describe('hand-written template: every intrinsic, conditions, NoValue, Order, casing', () => {
  const name = 'cfn-handwritten-intrinsics.yaml';
  it('evaluates with defaults', () => {
    const result = cfn(name);
    const doc = written(result);
    const [spot, onDemand] = doc.computeEnvironments;
    expect(doc.computeEnvironments).toHaveLength(2); // GpuEnv: Condition WantGpu is false
    expect(spot).toMatchObject({ computeEnvironmentName: 'spot-dev', type: 'MANAGED' });
    expect(spot.computeResources).toEqual({
      type: 'SPOT', allocationStrategy: 'SPOT_PRICE_CAPACITY_OPTIMIZED', minvCpus: 0, maxvCpus: 256, instanceTypes: ['c6i', 'm6i'],
      subnets: ['<unresolved:Fn::GetAZs>'], securityGroupIds: ['<unresolved:Fn::ImportValue shared-batch-sg>'],
      launchTemplate: { launchTemplateName: 'lt-batch', version: 'MQ==' },
    }); // BidPercentage: !If [IsProd, 60, AWS::NoValue] is gone
    expect(onDemand).toMatchObject({ computeEnvironmentName: 'ondemand-dev', computeResources: { maxvCpus: 16 } });
    expect(doc.jobQueues[0]).toMatchObject({ jobQueueName: 'work-dev', priority: 10, state: 'ENABLED', schedulingPolicyArn: 'Fair', computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'spot-dev' }, { order: 2, computeEnvironment: 'ondemand-dev' }] });
    const jd = doc.jobDefinitions[0];
    expect(jd.containerProperties).toMatchObject({ vcpus: 2, memory: 2048, image: '<unresolved:pseudo parameter AWS::AccountId>.dkr.ecr.<unresolved:pseudo parameter AWS::Region>.amazonaws.com/work:${Tag}' });
    expect(jd.retryStrategy).toEqual({ attempts: 2, evaluateOnExit: [{ onStatusReason: 'Host EC2*', action: 'RETRY' }, { onReason: '*', action: 'EXIT' }] });
    expect(jd.tags).toEqual({ CostCenter: '42' });
    expect(messages(result)).toEqual(expect.arrayContaining([
      'warning line 93: duplicate key "Memory": the later value is used',
      'note Resources.Spot.Properties.Type: "managed" read as "MANAGED"',
      'note Resources.GpuEnv: skipped: its Condition WantGpu is false',
      'warning Resources.Spot.Properties.ComputeResources.SecurityGroupIds[0]: Fn::ImportValue shared-batch-sg has no value: left as the placeholder "<unresolved:Fn::ImportValue shared-batch-sg>" at Resources.Spot.Properties.ComputeResources.SecurityGroupIds[0]',
    ]));
    const { errors, run } = roundTrip(result);
    expect(errors).toEqual([]);
    expect(run!.summary.jobs.succeeded).toBe(1);
  });

  it('takes --parameter values and conditions follow them', () => {
    const doc = written(cfn(name, { Env: 'prod', UseGpu: 'true', 'AWS::Region': 'eu-west-1' }));
    expect(doc.computeEnvironments.map((c: any) => c.computeEnvironmentName)).toEqual(['spot-prod', 'ondemand-prod', 'GpuEnv']);
    expect(doc.computeEnvironments[0].computeResources.bidPercentage).toBe(60);
    expect(doc.computeEnvironments[1].computeResources.maxvCpus).toBe(128);
    expect(doc.jobDefinitions[0].containerProperties.memory).toBe(8192);
    expect(doc.assumptions.region).toBe('eu-west-1');
  });

  it('reads an unquoted 2010-09-09 as a string (core schema), not a date', () => {
    const setup = importCloudFormation([{ name: 't.yaml', text: 'AWSTemplateFormatVersion: 2010-09-09\nResources:\n  Q: { Type: AWS::Batch::SchedulingPolicy, Properties: { Name: !Sub "p-${AWS::Partition}" } }\n' }], { parameters: {} });
    expect(setup.schedulingPolicies[0].value.name).toBe('p-aws');
    expect(setup.notes).toEqual([]);
  });
});

describe('import cloudformation: bad input', () => {
  const run = (text: string, parameters: Record<string, string> = {}) => importSetup('cloudformation', [{ name: 't.yaml', text }], { parameters });
  const errors = (r: ReturnType<typeof run>) => r.notes.filter((n) => n.severity === 'error').map((n) => `${n.at}: ${n.message}`);
  it('a template with no Batch resources', () => {
    const r = run('Resources:\n  B: { Type: AWS::S3::Bucket }\n  R: { Type: AWS::IAM::Role }\n');
    expect(r.ok).toBe(false);
    expect(errors(r)).toEqual(['Resources: no AWS::Batch::ComputeEnvironment, JobQueue, JobDefinition or SchedulingPolicy resource (found: AWS::IAM::Role, AWS::S3::Bucket)']);
  });
  it('not a template, and YAML syntax errors with their line', () => {
    expect(errors(run('{"computeEnvironments": []}'))).toEqual([': not a CloudFormation template: no Resources mapping']);
    expect(errors(run('Resources:\n  A: [1, 2\n'))[0]).toMatch(/^line \d: YAML syntax/);
  });
  it('a !Ref or !GetAtt that points nowhere, a condition that does not exist', () => {
    const r = run(['Resources:', '  Q:', '    Type: AWS::Batch::JobQueue', '    Properties:', '      Priority: 1', '      State: !If [Nope, ENABLED, DISABLED]', '      ComputeEnvironmentOrder:', '        - { Order: 1, ComputeEnvironment: !Ref Spto }', '        - { Order: 2, ComputeEnvironment: !GetAtt Gone.ComputeEnvironmentArn }'].join('\n'));
    expect(r.ok).toBe(false);
    expect(errors(r)).toEqual([
      'Resources.Q.Properties.State.Fn::If: condition "Nope" is not in Conditions',
      'Resources.Q.Properties.ComputeEnvironmentOrder[0].ComputeEnvironment.Ref: !Ref Spto points nowhere: no parameter or resource "Spto" in the template',
      'Resources.Q.Properties.ComputeEnvironmentOrder[1].ComputeEnvironment.Fn::GetAtt: Fn::GetAtt Gone.ComputeEnvironmentArn points nowhere: no resource "Gone" in the template',
      'Resources.Q.computeEnvironmentOrder[0].computeEnvironment: names compute environment "<unresolved:Spto>", which is not in the files read (none were read)',
      'Resources.Q.computeEnvironmentOrder[1].computeEnvironment: names compute environment "<unresolved:Gone.ComputeEnvironmentArn>", which is not in the files read (none were read)',
    ]);
  });
  it('an unknown --parameter is a warning', () => {
    const r = run('Resources:\n  P: { Type: AWS::Batch::SchedulingPolicy, Properties: {} }\n', { Nmespace: 'x' });
    expect(r.notes[0]).toMatchObject({ severity: 'warning', at: 'Parameters', message: '--parameter Nmespace: the template declares no such parameter; ignored' });
  });
});

describe('import cloudformation: forward references, circles, NoValue in Sub, unknown functions', () => {
  const run = (text: string) => importSetup('cloudformation', [{ name: 't.yaml', text }], { name: 'cfn' });
  const errorsOf = (r: { notes: { severity: string; at: string; message: string }[] }): string[] => r.notes.filter((n) => n.severity === 'error').map((n) => `${n.at}: ${n.message}`);
  const ce = (props: string, extra = '') => ['  CE:', '    Type: AWS::Batch::ComputeEnvironment', extra, '    Properties:', props, '      Type: MANAGED', '      ComputeResources: { Type: EC2, MaxvCpus: 8, InstanceTypes: [c6i], Subnets: [s], InstanceRole: r }'].filter((l) => l !== '').join('\n');
  const queue = (name: string) => ['  Q:', '    Type: AWS::Batch::JobQueue', '    Properties:', name, '      Priority: 1', '      ComputeEnvironmentOrder: [ { Order: 1, ComputeEnvironment: !Ref CE } ]'].filter((l) => l !== '').join('\n');

  it('resolves names that refer to resources declared later (dependency order, as CloudFormation)', () => {
    const r = run(['Resources:', queue('      JobQueueName: !Sub "${CE}-q"'), ce('      ComputeEnvironmentName: !Sub "${Name2}-ce"'), '  Name2:', '    Type: AWS::Batch::SchedulingPolicy', '    Properties: { Name: pol }'].join('\n'));
    const doc = written(r);
    expect(doc.computeEnvironments[0].computeEnvironmentName).toBe('pol-ce');
    expect(doc.jobQueues[0]).toMatchObject({ jobQueueName: 'pol-ce-q', computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'pol-ce' }] });
    expect(r.yaml).not.toContain('<ref:');
  });

  it('a name made of another kind of resource is reported once and left as <unresolved:…>', () => {
    const r = run(['Resources:', '  B: { Type: AWS::S3::Bucket }', queue('      JobQueueName: !Sub "${B}-q"'), ce('')].join('\n'));
    expect(written(r).jobQueues[0].jobQueueName).toBe('<unresolved:Ref B>-q');
    expect(r.notes.filter((n) => n.severity === 'warning' && /Ref B/.test(n.message))).toEqual([
      { severity: 'warning', source: 't.yaml', at: 'Resources.Q.Properties.JobQueueName', message: 'Ref B has no value: left as the placeholder "<unresolved:Ref B>" at Resources.Q.Properties.JobQueueName' },
    ]);
  });

  it('a circle of references between resources is an error, once', () => {
    const r = run(['Resources:', queue(''), ce('', '    DependsOn: Q')].join('\n'));
    expect(r.ok).toBe(false);
    expect(errorsOf(r)).toEqual(['Resources.Q: circular dependency between resources Q, CE (Ref, Fn::GetAtt, Fn::Sub or DependsOn): CloudFormation rejects the template; break the circle']);
    const self = run(['Resources:', '  P:', '    Type: AWS::Batch::SchedulingPolicy', '    Properties: { Name: !Sub "${P.Arn}-x" }'].join('\n'));
    expect(errorsOf(self)).toEqual(['Resources.P: circular dependency P refers to itself (Ref, Fn::GetAtt, Fn::Sub or DependsOn): CloudFormation rejects the template; break the circle']);
  });

  it('${AWS::NoValue} in Fn::Sub and an unknown Fn:: function are errors; a missing ${Name} is reported once', () => {
    const r = run(['Resources:', '  CE:', '    Type: AWS::Batch::ComputeEnvironment', '    Properties:', '      ComputeEnvironmentName: !Sub "ce-${Nope}"', '      Type: MANAGED',
      '      ComputeResources: { Type: EC2, MaxvCpus: !Sub "${AWS::NoValue}", InstanceTypes: [c6i], Subnets: [s], InstanceRole: { "Fn::Lenght": [1] } }'].join('\n'));
    expect(r.ok).toBe(false);
    expect(errorsOf(r)).toEqual([
      'Resources.CE.Properties.ComputeEnvironmentName.Fn::Sub: !Ref Nope points nowhere: no parameter or resource "Nope" in the template',
      'Resources.CE.Properties.ComputeResources.MaxvCpus.Fn::Sub: ${AWS::NoValue} in Fn::Sub: AWS::NoValue removes a property and has no text; use !Ref AWS::NoValue (in Fn::If) to leave the property out',
      'Resources.CE.Properties.ComputeResources.InstanceRole.Fn::Lenght: Fn::Lenght is not a CloudFormation intrinsic function; did you mean "Fn::Length"?',
    ]);
  });

  it('a function only a deployed stack evaluates (Fn::Cidr) stays a reported placeholder', () => {
    const r = run(['Resources:', '  P:', '    Type: AWS::Batch::SchedulingPolicy', '    Properties: { Name: p, Tags: { net: { "Fn::Cidr": ["10.0.0.0/16", 2, 8] } } }'].join('\n'));
    expect(r.ok).toBe(true);
    expect(r.notes.some((n) => n.severity === 'warning' && n.message.startsWith('Fn::Cidr has no value'))).toBe(true);
  });
});
