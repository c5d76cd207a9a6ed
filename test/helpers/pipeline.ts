// Scenario documents with Step Functions for the pipeline tests (test/model/pipelines.test.ts,
// test/report/executionCharts.test.ts): read, validated and simulated as a file would be.
import { expect } from 'vitest';
import { simulate } from '../../src/plan/simulate.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { catalog } from './build.js';

export const ctx = { catalog, baseDir: '/tmp', files: new Map<string, string>() };

/** Five 4-vCPU instances, a 10-minute job `work` and a failing one `broken`; the group starts `definition`. */
export function doc(definition: unknown, group: Record<string, unknown> = {}, assumptions: Record<string, unknown> = {}) {
  return {
    assumptions: { submitToRunnable: 0, containerStart: 0, schedulerCycle: 0, stepFunctions: { transitionLatency: 0, syncLag: 0 }, ...assumptions },
    computeEnvironments: [{ computeEnvironmentName: 'fleet', type: 'UNMANAGED', simulation: { instances: [{ instanceType: 'c5.xlarge', count: 5 }] } }],
    jobQueues: [{ jobQueueName: 'main', priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'fleet' }] }],
    jobDefinitions: [
      { jobDefinitionName: 'work', containerProperties: { vcpus: 4, memory: 4096 }, simulation: { runtime: '10m' } },
      { jobDefinitionName: 'broken', containerProperties: { vcpus: 4, memory: 4096 }, simulation: { runtime: '2m', failure: { probability: 1, exitCode: 1 } } },
    ],
    stateMachines: [{ stateMachineName: 'sm', definition }],
    workload: [{ name: 'w', arrivals: { at: [0] }, stateMachine: 'sm', ...group }],
  };
}

export function run(document: unknown) {
  const parsed = parseScenario(document, ctx);
  expect(parsed.issues.filter((i) => i.severity === 'error')).toEqual([]);
  return simulate(parsed.scenario!, catalog);
}

