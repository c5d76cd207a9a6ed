import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { formatIssue } from '../../src/scenario/issues.js';
import { loadScenarioFile } from '../../src/scenario/load.js';
import { scenarioFileSchema, scenarioJsonSchema } from '../../src/scenario/schema.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { fakeCatalog } from './fake-catalog.js';

function parseFile(name: string) {
  const loaded = loadScenarioFile(`scenarios/${name}.yaml`);
  if (!loaded.ok) throw new Error(loaded.issues.map(formatIssue).join('\n'));
  return parseScenario(loaded.document, { catalog: fakeCatalog(), baseDir: loaded.baseDir, files: loaded.files });
}

describe('contract scenarios', () => {
  it('ship verbatim copies of the shared contract files', () => {
    for (const name of ['contract-basic', 'contract-full'])
      expect(readFileSync(`scenarios/${name}.yaml`, 'utf8')).toBe(readFileSync(`/work/shared/scenarios/${name}.yaml`, 'utf8'));
  });

  it('contract-basic parses with no issues and is fully simulated', () => {
    const { scenario, issues } = parseFile('contract-basic');
    expect(issues).toEqual([]);
    expect(scenario).not.toBeNull();
    expect(scenario!.seed).toBe(7);
    expect(scenario!.assumptions.schedulerCycleMs).toBe(0);
    expect(scenario!.assumptions.idleTerminateAfterMs).toBe(300_000);
    expect(scenario!.computeEnvironments[0].instances).toEqual([
      { instanceType: 'c5.4xlarge', vcpus: 16, memoryMiB: 32_768, gpus: 0, count: 1, priceUsdPerHour: null },
    ]);
    expect(scenario!.jobDefinitions[0]).toMatchObject({ vcpus: 1, memoryMiB: 1024, runtime: { kind: 'exponential', mean: 600_000 } });
    expect(scenario!.workload[0].arrivals).toEqual({ kind: 'poisson', perHour: 84, count: 5000, untilMs: null });
  });

  it('contract-full parses with only its image noted (it has no pull time, so containerStart covers the pull)', () => {
    const { scenario, issues } = parseFile('contract-full');
    expect(issues.map((i) => [i.severity, formatIssue(i)])).toEqual([
      ['note', 'jobDefinitions[0].containerProperties.image: image "public.ecr.aws/example/bwa:latest" has no entry under assumptions.imagePull.images: its pull is left to containerStart'],
    ]);
    expect(scenario!.jobDefinitions[0].image).toBe('public.ecr.aws/example/bwa:latest');
    expect(scenario!.untilMs).toBe(259_200_000);
    expect(scenario!.assumptions.containerStart).toEqual({ kind: 'uniform', min: 10_000, max: 40_000 });
    expect(scenario!.jobDefinitions[0].retryStrategy.evaluateOnExit[0]).toEqual({
      action: 'RETRY', onStatusReason: 'Host EC2*', onReason: null, onExitCode: null,
    });
    expect(scenario!.jobDefinitions[0].attemptDurationMs).toBe(14_400_000);
    expect(scenario!.jobDefinitions[2].vcpus).toBe(0.5);
    expect(scenario!.jobQueues[0].schedulingPolicyArn).toBe('by-team');
  });


  it('the zod file schema accepts both contract files', () => {
    for (const name of ['contract-basic', 'contract-full']) {
      const result = scenarioFileSchema.safeParse(YAML.parse(readFileSync(`scenarios/${name}.yaml`, 'utf8')));
      expect(result.success, JSON.stringify(result.error?.issues)).toBe(true);
    }
  });

  it('schema/scenario.schema.json is up to date (UPDATE_SCHEMA=1 rewrites it)', () => {
    const expected = JSON.stringify(scenarioJsonSchema(), null, 2) + '\n';
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync('schema/scenario.schema.json', expected);
    expect(readFileSync('schema/scenario.schema.json', 'utf8')).toBe(expected);
  });
});
