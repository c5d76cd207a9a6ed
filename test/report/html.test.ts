// report.html's summary table: formatted values with units, why jobs never ran, `until`, cost per
// compute environment and the scenario's warnings; and it survives a summary.json missing fields.
import { describe, expect, it } from 'vitest';
import { loadScenario, runScenario } from '../../src/index.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { headlineRows, reportHtml } from '../../src/report/html.js';
import { everyReplication, headlineReplications, readReplications, replicatedText } from '../../src/report/replications.js';

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

describe('report.html of a run with --replications', () => {
  const rep = {
    scenario: 'x',
    seeds: [3, 4, 5],
    figures: {
      'costUsd.total': { mean: 12, ci95Low: 10, ci95High: 14, n: 3 },
      // Cut at $0 (mean − half-width was below it).
      'costUsd.unattributed': { mean: 0.03, ci95Low: 0, ci95High: 0.12, n: 3 },
      'utilisation.vcpu': { mean: 0.98, ci95Low: 0.95, ci95High: 1, n: 3 },
      'makespanSeconds': { mean: null, ci95Low: null, ci95High: null, n: 0 },
      'jobs.failed': { mean: 2, ci95Low: null, ci95High: null, n: 1 },
    },
  };
  it('shows the headline figures as the terminal does, cut intervals by their ends, and every figure', () => {
    expect(headlineReplications(rep)).toEqual([
      ['costUsd.total', '$12.00 ± $2.00'],
      ['makespanSeconds', 'n/a'],
      ['utilisation.vcpu', '98% [95%, 100%]'],
      ['jobs.failed', '2'],
    ]);
    expect(everyReplication(rep).map(([f]) => f)).toEqual(Object.keys(rep.figures));
    expect(replicatedText('costUsd.unattributed', rep.figures['costUsd.unattributed'])).toBe('$0.03 [$0.00, $0.12]');
    // The page after the inlined vega builds.
    const body = (html: string): string => html.slice(html.indexOf('<body>'));
    const html = body(reportHtml({ scenario: 'x' }, [], [], rep));
    expect(html).toContain("<h2>Across 3 replications (seeds 3..5; mean ± half-width of the 95% interval, or [low, high] where it is cut at the figure's range)</h2>");
    expect(html).toContain('<tr><td class="k">costUsd.unattributed</td><td>$0.03 [$0.00, $0.12]</td></tr>');
    expect(body(reportHtml({ scenario: 'x' }, [], []))).not.toContain('replications');
  });
  it('refuses a replications.json that is not the one run --replications writes, naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'batchsim-rep-html-'));
    expect(readReplications(dir)).toBeNull();
    const cases: [unknown, string][] = [
      [[1], 'it is not a JSON object'],
      [{ ...rep, seeds: [1] }, '"seeds" is not a list of two or more whole numbers'],
      [{ ...rep, figures: { a: { mean: 'x', ci95Low: null, ci95High: null, n: 1 } } }, 'figure "a" is not {mean, ci95Low, ci95High, n} with numbers or null'],
    ];
    for (const [content, problem] of cases) {
      writeFileSync(join(dir, 'replications.json'), JSON.stringify(content));
      expect(() => readReplications(dir)).toThrow(`"${join(dir, 'replications.json')}" is not the replications.json of \`run --replications\`: ${problem}`);
    }
  });
});
