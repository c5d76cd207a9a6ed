// assumptions.placement [EST]: which of equally good instance types a managed environment launches.
import { describe, expect, it } from 'vitest';
import { chooseInstanceType } from '../../src/model/environments/allocation.js';
import type { CandidateType, JobShape } from '../../src/model/types.js';

// us-east-1 on-demand prices; usable memory as capacity.ts gives it (Nitro: floor(0.9735 n) - 258 - 32).
const type = (instanceType: string, vcpus: number, memoryMiB: number, price: number): CandidateType => ({
  instanceType, vcpus, memoryMiB, usableMemoryMiB: Math.floor(memoryMiB * 0.9735) - 258 - 32, gpus: 0, arm64: false, priceUsdPerHour: price, band: 0, hazardPerHour: 0,
});
const m6i = [type('m6i.large', 2, 8192, 0.096), type('m6i.xlarge', 4, 16384, 0.192), type('m6i.2xlarge', 8, 32768, 0.384)];
const c6iLarge = type('c6i.large', 2, 4096, 0.085);
const job = (vcpus: number, memoryMiB: number): JobShape => ({ vcpus, memoryMiB, gpus: 0, arm64: false });

describe('placement preference', () => {
  it('eight 1-vCPU jobs cost $0.048 per job on every m6i size: smallest launches m6i.large, largest m6i.2xlarge', () => {
    // $/h per job placed: 0.096/2 = 0.192/4 = 0.384/8 = 0.048, a three-way tie.
    for (const strategy of ['BEST_FIT_PROGRESSIVE', 'SPOT_CAPACITY_OPTIMIZED', 'SPOT_PRICE_CAPACITY_OPTIMIZED'] as const) {
      expect(chooseInstanceType(strategy, m6i, job(1, 1024), 8)?.instanceType).toBe('m6i.large');
      expect(chooseInstanceType(strategy, m6i, job(1, 1024), 8, 'smallest')?.instanceType).toBe('m6i.large');
      expect(chooseInstanceType(strategy, m6i, job(1, 1024), 8, 'largest')?.instanceType).toBe('m6i.2xlarge');
    }
  });

  it('a preference only breaks ties: with two jobs waiting the 2xlarge costs $0.192 per job and is never chosen', () => {
    // 0.096/2 = 0.048 against 0.384/min(8, 2) = 0.192 per job placed.
    expect(chooseInstanceType('BEST_FIT_PROGRESSIVE', m6i, job(1, 1024), 2, 'largest')?.instanceType).toBe('m6i.large');
  });

  it('lowest-vcpu-cost ranks by $/h per vCPU: c6i.large ($0.0425) over m6i.large ($0.048), though memory lets c6i.large hold one 3,000 MiB job and m6i.large two', () => {
    // Per job placed: c6i.large 0.085/1 = 0.085 (usable 3,697 MiB holds one), m6i.large 0.096/2 = 0.048.
    const candidates = [c6iLarge, m6i[0]];
    expect(chooseInstanceType('BEST_FIT_PROGRESSIVE', candidates, job(1, 3000), 10)?.instanceType).toBe('m6i.large');
    expect(chooseInstanceType('BEST_FIT_PROGRESSIVE', candidates, job(1, 3000), 10, 'lowest-vcpu-cost')?.instanceType).toBe('c6i.large');
  });

  it('BEST_FIT is the cheapest type that holds one job, whatever the preference', () => {
    for (const p of ['smallest', 'largest', 'lowest-vcpu-cost'] as const) expect(chooseInstanceType('BEST_FIT', m6i, job(1, 1024), 8, p)?.instanceType).toBe('m6i.large');
  });
});
