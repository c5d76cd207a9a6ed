// Reading simulation.data and assumptions.network: GiB kept as bytes, the defaults, and bad input
// located (and, from the command line, refused with exit 2 and nothing written).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatIssue, type Issue } from '../../src/scenario/issues.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { fakeCatalog } from './fake-catalog.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Doc = any;

function base(): Doc {
  return {
    name: 't',
    computeEnvironments: [{ computeEnvironmentName: 'ec2', type: 'MANAGED', computeResources: { type: 'EC2', maxvCpus: 64, instanceTypes: ['m6i'] } }],
    jobQueues: [{ jobQueueName: 'q', priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'ec2' }] }],
    jobDefinitions: [
      {
        jobDefinitionName: 'd',
        containerProperties: { resourceRequirements: [{ type: 'VCPU', value: '1' }, { type: 'MEMORY', value: '1024' }] },
        simulation: { runtime: '10m', data: { readGiB: 10, writeGiB: 0.5 } },
      },
    ],
    workload: [{ name: 'w', arrivals: { burst: { count: 2, at: [0] } }, jobs: [{ jobName: 'd', jobQueue: 'q', jobDefinition: 'd' }] }],
    assumptions: { network: { s3Path: 'natGateway', natGatewayAzs: 2, dynamoDbRecordPerJob: true } },
  };
}

const parse = (d: Doc) => parseScenario(d, { catalog: fakeCatalog(), baseDir: '/tmp', files: new Map() });
const errorsOf = (issues: Issue[]): string[] => issues.filter((i) => i.severity === 'error').map(formatIssue);

describe('reading data movement', () => {
  it('keeps GiB as bytes and fills the network defaults', () => {
    const { scenario, issues } = parse(base());
    expect(errorsOf(issues)).toEqual([]);
    expect(scenario!.jobDefinitions[0].data).toEqual({ readBytes: 10 * 2 ** 30, writeBytes: 2 ** 29 });
    expect(scenario!.assumptions.network).toEqual({ s3Path: 'natGateway', natGatewayAzs: 2, dynamoDbRecordPerJob: true, fargateBandwidthMbps: 1000, bandwidthSharing: 'none' });
  });

  it('leaves both out of the normalized scenario when the file does not give them', () => {
    const d = base();
    delete d.assumptions;
    delete d.jobDefinitions[0].simulation.data;
    const { scenario } = parse(d);
    expect('network' in scenario!.assumptions).toBe(false);
    expect('data' in scenario!.jobDefinitions[0]).toBe(false);
  });

  it('accepts the path in any case and notes a NAT count with gateway endpoints', () => {
    const d = base();
    d.assumptions.network.s3Path = 'GATEWAYENDPOINT';
    const { scenario, issues } = parse(d);
    expect(scenario!.assumptions.network!.s3Path).toBe('gatewayEndpoint');
    expect(issues.map(formatIssue)).toContain('assumptions.network.natGatewayAzs: with s3Path gatewayEndpoint no NAT gateway is billed; this count is not used');
  });

  const cases: [string, (d: Doc) => void, string][] = [
    ['a negative read size', (d) => (d.jobDefinitions[0].simulation.data.readGiB = -1), 'jobDefinitions[0].simulation.data.readGiB: must be at least 0, got -1'],
    ['a size as text', (d) => (d.jobDefinitions[0].simulation.data.writeGiB = '2 GiB'), 'jobDefinitions[0].simulation.data.writeGiB: expected a number, got "2 GiB"'],
    ['a misspelt data field', (d) => (d.jobDefinitions[0].simulation.data = { readGB: 1 }), 'jobDefinitions[0].simulation.data.readGB: unknown field "readGB"; did you mean "readGiB"?'],
    ['an unknown path', (d) => (d.assumptions.network.s3Path = 'internetGateway'), 'assumptions.network.s3Path: must be one of natGateway, gatewayEndpoint, got "internetGateway"'],
    ['no NAT gateway', (d) => (d.assumptions.network.natGatewayAzs = 0), 'assumptions.network.natGatewayAzs: must be at least 1, got 0'],
    ['a boolean as text', (d) => (d.assumptions.network.dynamoDbRecordPerJob = 'yes'), 'assumptions.network.dynamoDbRecordPerJob: expected true or false, got "yes"'],
    ['an unknown sharing rule', (d) => (d.assumptions.network.bandwidthSharing = 'fair'), 'assumptions.network.bandwidthSharing: must be one of none, byVcpu, got "fair"'],
    ['a zero Fargate bandwidth', (d) => (d.assumptions.network.fargateBandwidthMbps = 0), 'assumptions.network.fargateBandwidthMbps: must be greater than 0, got 0'],
  ];
  it.each(cases)('%s is located', (_name, mutate, message) => {
    const d = base();
    mutate(d);
    const { scenario, issues } = parse(d);
    expect(scenario).toBeNull();
    expect(errorsOf(issues)).toContain(message);
  });
});

describe('from the command line', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  beforeAll(() => {
    execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { cwd: root });
  }, 120_000);

  it('prints the data part in the terminal summary and writes it to summary.json', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'batchsim-data-')), 'out');
    const r = spawnSync(process.execPath, [join(root, 'dist/cli/main.js'), 'run', 'scenarios/data-movement.yaml', '--out', out, '--outputs', 'summary'], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('  cost        $69.84 (busy $8.21, idle $1.26, EBS $0.16, data $60.21)\n');
    expect(r.stdout).toContain('  data        $60.21 (NAT $60.03 = 6 gateway-h $0.2700 + processing $59.76; S3 requests $0.1802;\n');
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.costUsd.total).toBeCloseTo(summary.costUsd.compute + summary.costUsd.ebs + summary.costUsd.data, 6);
    expect(summary.data.costUsd).toMatchObject({ natHours: 0.27, natS3Processing: 54, natEcrProcessing: 5.76 });
  });

  it('refuses a bad data block with exit 2, every problem located, nothing written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'batchsim-data-'));
    const file = join(dir, 's.yaml');
    const text = readFileSync(join(root, 'scenarios/data-movement.yaml'), 'utf8');
    writeFileSync(file, text.replace('readGiB: 10', 'readGiB: -10').replace('natGatewayAzs: 2', 'natGatewayAzs: 0'));
    const out = join(dir, 'out');
    const r = spawnSync(process.execPath, [join(root, 'dist/cli/main.js'), 'run', file, '--out', out], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('jobDefinitions[0].simulation.data.readGiB: must be at least 0, got -10');
    expect(r.stderr).toContain('assumptions.network.natGatewayAzs: must be at least 1, got 0');
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(existsSync(out)).toBe(false);
  });
});
