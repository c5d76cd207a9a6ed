// The short human summary `batchsim run` prints: what a user looks at first.
import type { Summary } from '../metrics/summary.js';

const usd = (x: number): string => `$${x.toFixed(x >= 100 ? 0 : 2)}`;

function duration(seconds: number | null): string {
  if (seconds === null) return '-';
  if (seconds < 120) return `${seconds.toFixed(1)}s`;
  if (seconds < 7200) return `${(seconds / 60).toFixed(1)}m`;
  if (seconds < 172800) return `${(seconds / 3600).toFixed(1)}h`;
  return `${(seconds / 86400).toFixed(1)}d`;
}

export function formatSummary(s: Summary): string {
  const lines: string[] = [];
  const j = s.jobs;
  lines.push(`${s.scenario} (seed ${s.seed})${s.cutOffByUntil ? ' - stopped at `until` with work left' : ''}`);
  lines.push(`  jobs        ${j.submitted} submitted, ${j.succeeded} succeeded, ${j.failed} failed, ${j.unfinished} unfinished; ${j.attempts} attempts`);
  lines.push(`  makespan    ${duration(s.makespanSeconds)}`);
  const w = s.queueWaitSeconds;
  if (w) lines.push(`  queue wait  mean ${duration(w.mean)}  p50 ${duration(w.p50)}  p95 ${duration(w.p95)}  p99 ${duration(w.p99)}  max ${duration(w.max)}`);
  if (s.utilisation.vcpu !== null) lines.push(`  utilisation ${(s.utilisation.vcpu * 100).toFixed(1)}% of provisioned vCPU-time`);
  const parts = Object.entries(s.costUsd.byPurchaseOption).map(([k, v]) => `${k} ${usd(v)}`);
  lines.push(`  cost        ${usd(s.costUsd.total)}${parts.length > 1 ? ` (${parts.join(', ')})` : ''}`);
  for (const [name, ce] of Object.entries(s.computeEnvironments)) {
    const util = ce.utilisation === null ? '-' : `${(ce.utilisation * 100).toFixed(1)}%`;
    lines.push(`  ${name.padEnd(11)} ${ce.instancesLaunched} instances, peak ${ce.peakvCpus} vCPUs, ${ce.vcpuHours.toFixed(1)} vCPU-h at ${util} busy, ${usd(ce.costUsd)}`);
  }
  return lines.join('\n') + '\n';
}
