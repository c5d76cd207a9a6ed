// Dotted-path overrides of the file document: selection by AWS name or index, located errors that
// list what could have been selected, no mutation of the input.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyOverride, applyOverrides, parsePath } from '../../src/plan/overrides.js';
import { loadSource, prepareRun, runSource } from '../../src/plan/run.js';

const doc = () => ({
  name: 'x',
  assumptions: { spot: { interruptions: 'advisor' } },
  computeEnvironments: [
    { computeEnvironmentName: 'spot', computeResources: { maxvCpus: 64 } },
    { computeEnvironmentName: 'ondemand', computeResources: { maxvCpus: 32 } },
  ],
  jobQueues: [{ jobQueueName: 'main', computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'spot' }] }],
});

describe('parsePath', () => {
  it('reads keys, indexes and name selections', () => {
    expect(parsePath('computeEnvironments[name=spot].computeResources.maxvCpus')).toEqual([
      { key: 'computeEnvironments' }, { name: 'spot' }, { key: 'computeResources' }, { key: 'maxvCpus' },
    ]);
    expect(parsePath('jobQueues[0].computeEnvironmentOrder[1].order')).toEqual([
      { key: 'jobQueues' }, { index: 0 }, { key: 'computeEnvironmentOrder' }, { index: 1 }, { key: 'order' },
    ]);
    expect(parsePath('a[name="my-ce"]')).toEqual([{ key: 'a' }, { name: 'my-ce' }]);
  });
  it('says what is wrong with a malformed path', () => {
    expect(parsePath('')).toBe('the path is empty');
    expect(parsePath('a..b')).toBe('"" is not a key, [index] or [name=…] step');
    expect(parsePath('a[foo]')).toBe('[foo]: expected [index] or [name=…]');
    expect(parsePath('a[name=]')).toBe('[name=]: no name after "name="');
  });
});

describe('applyOverride', () => {
  it('sets a value selected by name without changing the input', () => {
    const d = doc();
    const r = applyOverride(d, { path: 'computeEnvironments[name=ondemand].computeResources.maxvCpus', value: 512 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect((r.document as ReturnType<typeof doc>).computeEnvironments[1].computeResources.maxvCpus).toBe(512);
    expect(d.computeEnvironments[1].computeResources.maxvCpus).toBe(32);
  });
  it('replaces a whole value, a list included', () => {
    const order = [{ order: 1, computeEnvironment: 'ondemand' }];
    const r = applyOverride(doc(), { path: 'jobQueues[name=main].computeEnvironmentOrder', value: order });
    expect(r.ok && (r.document as ReturnType<typeof doc>).jobQueues[0].computeEnvironmentOrder).toEqual(order);
  });
  it('creates missing mappings and replaces a shorthand scalar on the way', () => {
    const r = applyOverride(doc(), { path: 'assumptions.spot.interruptions.perHour', value: 0.01 });
    expect(r.ok && (r.document as { assumptions: unknown }).assumptions).toEqual({ spot: { interruptions: { perHour: 0.01 } } });
    const r2 = applyOverride({ name: 'y' }, { path: 'assumptions.ec2Launch', value: '2m' });
    expect(r2.ok && r2.document).toEqual({ name: 'y', assumptions: { ec2Launch: '2m' } });
  });
  it('lists the valid names when a name selects nothing', () => {
    expect(applyOverride(doc(), { path: 'computeEnvironments[name=spto].computeResources.maxvCpus', value: 1 })).toEqual({
      ok: false,
      message: 'computeEnvironments[name=spto].computeResources.maxvCpus: no item of computeEnvironments is named "spto"; valid names: spot, ondemand',
    });
  });
  it('says how many items a list has when an index selects nothing', () => {
    expect(applyOverride(doc(), { path: 'jobQueues[3].priority', value: 1 })).toEqual({
      ok: false,
      message: 'jobQueues[3].priority: jobQueues has 1 item, so [3] selects nothing',
    });
  });
  it('refuses a key step on a list and a selection on a mapping', () => {
    expect(applyOverride(doc(), { path: 'computeEnvironments.computeResources', value: 1 })).toEqual({
      ok: false,
      message: 'computeEnvironments.computeResources: computeEnvironments is a list; select an item with [index] or [name=…]',
    });
    expect(applyOverride(doc(), { path: 'assumptions[0]', value: 1 })).toEqual({
      ok: false,
      message: 'assumptions[0]: assumptions is not a list, so [0] selects nothing',
    });
  });
  it('applies several overrides in order and stops at the first that fails', () => {
    const r = applyOverrides(doc(), [
      { path: 'computeEnvironments[0].computeResources.maxvCpus', value: 1 },
      { path: 'computeEnvironments[0].computeResources.maxvCpus', value: 2 },
    ]);
    expect(r.ok && (r.document as ReturnType<typeof doc>).computeEnvironments[0].computeResources.maxvCpus).toBe(2);
    expect(applyOverrides(doc(), [{ path: 'x[1]', value: 1 }, { path: 'y', value: 1 }]).ok).toBe(false);
  });
});

describe('runSource', () => {
  const file = join(fileURLToPath(new URL('../..', import.meta.url)), 'scenarios/compare-ondemand.yaml');
  const loaded = loadSource(file);
  if (!loaded.ok) throw new Error('compare-ondemand.yaml does not load');
  const source = loaded.value;

  it('validates the overridden document again, naming the path of a bad value', () => {
    const { scenario, issues } = prepareRun(source, { overrides: [{ path: 'computeEnvironments[0].computeResources.maxvCpus', value: -5 }] });
    expect(scenario).toBeNull();
    expect(issues.filter((i) => i.severity === 'error').map((i) => i.path)).toContain('computeEnvironments[0].computeResources.maxvCpus');
  });
  it('runs a variant to a plain summary that differs where the override bites', () => {
    const base = runSource(source, { seed: 3 });
    const small = runSource(source, { seed: 3, overrides: [{ path: 'computeEnvironments[0].computeResources.maxvCpus', value: 64 }] });
    expect(base.ok && small.ok).toBe(true);
    if (!base.ok || !small.ok) return;
    expect(base.value.seed).toBe(3);
    expect(structuredClone(base.value)).toEqual(base.value);
    expect(small.value.makespanSeconds!).toBeGreaterThan(base.value.makespanSeconds!);
    expect(small.value.jobs.submitted).toBe(base.value.jobs.submitted);
  });
});
