// report.html's summary table: formatted values with units, why jobs never ran, `until`, cost per
// compute environment and the scenario's warnings; and it survives a summary.json missing fields.
import { describe, expect, it } from 'vitest';
import { loadScenario, runScenario } from '../../src/index.js';
import { headlineRows, reportHtml } from '../../src/report/html.js';

describe('the summary table of report.html', () => {
  it('shows units, unfinished jobs and why, until, cost per compute environment and warnings', () => {
    const run = runScenario(loadScenario('scenarios/contract-basic.yaml').scenario!);
    const summary = {
      ...run.summary,
      cutOffByUntil: true,
      blocked: { neverRan: 3, byReason: { 'MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT': 3 } },
    };
    const warnings = [{ path: 'computeEnvironments[0].computeResources', message: 'ignored <here>' }];
    const rows = Object.fromEntries(headlineRows(summary as unknown as Record<string, unknown>, warnings));
    expect(rows['cut off by until']).toBe('yes: the clock stopped at `until` with work left');
    expect(rows['never ran, and why']).toBe('3: 3 MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT');
    expect(rows['jobs']).toBe('5,000 submitted · 5,000 succeeded · 0 failed · 0 unfinished (5,000 attempts)');
    expect(rows['cost']).toMatch(/^\$\d+\.\d\d \(busy \$\d+\.\d\d, idle \$\d+\.\d\d\)$/);
    expect(rows['cost of fixed']).toMatch(/^\$\d+\.\d\d \(unmanaged\): 1 launched, peak 16 vCPUs, [\d.]+ vCPU-h at [\d.]+% busy$/);
    expect(rows['queue wait']).toMatch(/^mean [\d.]+ (s|min|h) · p50 [\d.]+ (s|min|h) · p95/);
    expect(rows['warnings']).toBe('1');
    const html = reportHtml(summary as unknown as Record<string, unknown>, [], warnings);
    expect(html).toContain('<li>computeEnvironments[0].computeResources: ignored &lt;here&gt;</li>');
  });

  it('says a queue with no jobs had none, as the printed summary does, not "not drained"', () => {
    const queues = { used: { jobs: 3, unfinished: 1, drainedAt: null }, unused: { jobs: 0, unfinished: 0, drainedAt: null } };
    const rows = Object.fromEntries(headlineRows({ scenario: 'x', jobQueues: queues }, []));
    expect(rows['used drained']).toBe('not drained: 1 unfinished');
    expect(rows['unused drained']).toBe('no jobs');
  });

  it('a summary.json missing fields shows dashes, not an error', () => {
    const rows = Object.fromEntries(headlineRows({ scenario: 'x' }, []));
    expect(rows['makespan']).toBe('-');
    expect(rows['cost']).toBe('- (busy -, idle -)');
    expect(rows['cut off by until']).toBeUndefined();
    expect(rows['warnings']).toBe('none');
  });
});
