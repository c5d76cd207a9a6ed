// Charts drawn from one queue by several threads (report/renderPool.ts) have the bytes of charts
// drawn one by one on one thread, whichever thread took which chart and after which others: drawn
// on this thread from the queue, in reverse chart order, on two workers only, and by a run's own
// outputs (the worker started before simulating, then this thread beside it). The compiled
// dist/ (npm run build) runs in plain Node (test/helpers/chartThreads.mjs), as in a user's run.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

type Drawn = Record<string, { charts: string[] } & Record<'oneThread' | 'reversed' | 'workers' | 'run', Record<string, string>>>;

describe('charts drawn on several threads from one queue', () => {
  it('have the bytes of charts drawn one by one on one thread', () => {
    // A Spot run with reclaims: all six charts, interruptions among them.
    const files = ['scenarios/limits-spot-outage.yaml'];
    const r = spawnSync(process.execPath, [join(ROOT, 'test/helpers/chartThreads.mjs'), ROOT, ...files], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (r.status !== 0) throw new Error(`chartThreads: exit ${r.status}\n${r.stderr}`);
    const drawn = JSON.parse(r.stdout) as Drawn;
    for (const file of files) {
      const d = drawn[file];
      expect(d.charts.length, file).toBeGreaterThanOrEqual(5);
      expect(Object.keys(d.oneThread)).toHaveLength(2 * d.charts.length);
      // Every drawing differs from every other (the hashes compared are of real, distinct charts).
      expect(new Set(Object.values(d.oneThread)).size).toBe(2 * d.charts.length);
      for (const way of ['reversed', 'workers', 'run'] as const) expect(d[way], `${file} ${way}`).toEqual(d.oneThread);
    }
    expect(drawn[files[0]].charts).toContain('interruptions');
  });
});
