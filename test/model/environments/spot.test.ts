// The one Spot reclaim path (environments/spot.ts), used by EC2 Spot and Fargate Spot alike.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../../src/engine/simulation.js';
import { SpotReclaims, type SpotEnvironment, type SpotPool } from '../../../src/model/environments/spot.js';
import { Instance, type Context } from '../../../src/model/instance.js';
import { Rank } from '../../../src/model/ranks.js';
import { InstanceState, type TraceEvent } from '../../../src/model/types.js';

function world(traceNotice: boolean) {
  const sim = new Simulation();
  const events: TraceEvent[] = [];
  const interrupted: [string, string][] = [];
  const ctx: Context = {
    sim, instances: [], idleTerminateAfterMs: 0, placement: 'smallest', trace: (e) => events.push(e),
    requestPass: () => sim.now,
    interruptAttempts: (inst, reason) => interrupted.push([inst.instanceId, reason]),
  };
  const reclaimed: Instance[] = [];
  const env = { name: 'spot', interruptions: 0, reclaimed: (i: Instance) => reclaimed.push(i) } as unknown as SpotEnvironment;
  const inst = new Instance(1, env, { instanceType: 'c5.large', vcpus: 2, memoryMiB: 4096, registeredMemoryMiB: 3860, gpus: 0, purchaseOption: 'spot', priceUsdPerHour: 0.03 }, 0);
  inst.state = InstanceState.RUNNING;
  // u = 1 - e^-1: a life of exactly 1/hazard hours = 1 hour.
  const pool: SpotPool = { hazardPerHour: 1, random: { next: () => 1 - Math.exp(-1) }, noticeMs: 120_000, reason: (id) => `gone ${id}`, traceNotice };
  return { sim, ctx, env, inst, pool, events, interrupted, reclaimed };
}

describe('Spot reclaim', () => {
  it('notices, then reclaims: draining at the notice, attempts interrupted and the environment told at the reclaim', () => {
    const w = world(true);
    new SpotReclaims(w.ctx, w.env, w.pool).schedule(w.inst);
    expect(w.inst.reclaimAt).toBe(3_600_000);
    expect(w.inst.spotEvents.map((h) => w.sim.scheduled(h))).toEqual([{ at: 3_480_000, rank: Rank.SPOT_NOTICE }, { at: 3_600_000, rank: Rank.SPOT_RECLAIM }]);
    w.sim.run();
    expect(w.inst.draining).toBe(true);
    expect(w.inst.interrupted).toBe(true);
    expect(w.env.interruptions).toBe(1);
    expect(w.interrupted).toEqual([[w.inst.instanceId, `gone ${w.inst.instanceId}`]]);
    expect(w.reclaimed).toEqual([w.inst]);
    expect(w.events.map((e) => `${e.at} ${e.event}`)).toEqual(['3480000 NOTICE', '3600000 RECLAIM']);
  });

  it('an instance gone first is neither noticed nor reclaimed; a Fargate pool does not trace the notice', () => {
    const w = world(false);
    new SpotReclaims(w.ctx, w.env, w.pool).schedule(w.inst);
    w.sim.run(3_500_000);
    expect(w.inst.draining).toBe(true);
    w.inst.state = InstanceState.TERMINATED;
    w.sim.run();
    expect(w.env.interruptions).toBe(0);
    expect(w.reclaimed).toEqual([]);
    expect(w.events).toEqual([]);
  });

  it('is the only place in the model that schedules a notice or a reclaim', () => {
    const dir = fileURLToPath(new URL('../../../src/model', import.meta.url));
    const files = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts') && f !== 'ranks.ts');
    const users = files.filter((f) => /Rank\.SPOT_(RECLAIM|NOTICE)/.test(readFileSync(join(dir, f), 'utf8')));
    expect(users).toEqual(['environments/spot.ts']);
    for (const f of ['environments/ec2.ts', 'environments/fargate.ts']) expect(readFileSync(join(dir, f), 'utf8')).toContain("from './spot.js'");
  });
});
