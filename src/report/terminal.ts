// The short human summary `batchsim run` prints: what a user looks at first.
import type { SpotAssumed, Summary } from '../metrics/summary.js';
import { clock, duration, percent as pct } from './format.js';

/** Whole dollars from $100 up: the terminal summary is read at a glance. */
const usd = (x: number): string => `$${x.toFixed(x >= 100 ? 0 : 2)}`;
/** Cents are too coarse for what one job costs: four decimals below a dollar. */
export const perJobUsd = (x: number): string => (x >= 1 ? usd(x) : `$${x.toFixed(4)}`);

export function formatSummary(s: Summary): string {
  const lines: string[] = [];
  const j = s.jobs;
  const stuck = !s.cutOffByUntil && j.unfinished > 0 ? ` - ended by itself with ${j.unfinished} ${j.unfinished === 1 ? 'job' : 'jobs'} that could never run` : '';
  lines.push(`${s.scenario} (seed ${s.seed})${s.cutOffByUntil ? ' - stopped at `until` with work left' : stuck}`);
  lines.push(`  jobs        ${j.submitted} submitted, ${j.succeeded} succeeded, ${j.failed} failed, ${j.unfinished} unfinished; ${j.attempts} attempts`);
  const when = s.clock.firstSubmissionAt === null ? '' : `, first submission ${clock(s.clock.firstSubmissionAt)}`;
  const end = s.clock.lastJobEndAt === null ? '' : `, last job end ${clock(s.clock.lastJobEndAt)}`;
  lines.push(`  makespan    ${duration(s.makespanSeconds)}${when}${end}`);
  const queues = Object.entries(s.jobQueues);
  if (queues.length > 0) {
    lines.push(`  drained     ${queues.map(([q, x]) => `${q} ${x.drainedAt !== null ? clock(x.drainedAt) : x.jobs === 0 ? 'no jobs' : `not (${x.unfinished} unfinished)`}`).join(', ')}`);
  }
  const w = s.queueWaitSeconds;
  if (w) lines.push(`  queue wait  mean ${duration(w.mean)}  p50 ${duration(w.p50)}  p95 ${duration(w.p95)}  p99 ${duration(w.p99)}  max ${duration(w.max)}`);
  if (s.utilisation.vcpu !== null) lines.push(`  utilisation ${pct(s.utilisation.vcpu)} of provisioned vCPU-time`);
  const c = s.costUsd;
  const split = [`busy ${usd(c.busy)}`, `idle ${usd(c.idle)}`];
  if (c.lostToInterruptions > 0) split.push(`lost ${usd(c.lostToInterruptions)}`);
  if (c.ebs > 0) split.push(`EBS ${usd(c.ebs)}`);
  if (c.data !== undefined) split.push(`data ${perJobUsd(c.data)}`);
  if (c.stepFunctions !== undefined) split.push(`Step Functions ${perJobUsd(c.stepFunctions)}`);
  lines.push(`  cost        ${usd(c.total)} (${split.join(', ')})`);
  if (s.data !== undefined) lines.push(`  data        ${dataLine(s.data)}`);
  for (const [name, m] of Object.entries(s.stateMachines ?? {})) lines.push(`  executions  ${name}: ${executionsLine(m)}`);
  const byOption = Object.entries(c.byPurchaseOption);
  if (byOption.length > 1) lines.push(`              ${byOption.map(([k, v]) => `${k} ${usd(v)}`).join(', ')}`);
  const byQueue = Object.entries(c.byJobQueue).map(([k, v]) => `${k} ${usd(v)}`);
  if (c.unattributed > 0) byQueue.push(`unattributed ${usd(c.unattributed)}`);
  const perJob = c.perSucceededJobUsd === null ? '' : `; ${perJobUsd(c.perSucceededJobUsd)} per succeeded job`;
  lines.push(`  by queue    ${byQueue.join(', ')}${perJob}`);
  if (s.spot.interruptions > 0) {
    lines.push(
      `  spot        ${s.spot.interruptions} interruptions, ${s.spot.attemptsInterrupted} attempts lost, ${s.spot.vcpuHoursLost.toFixed(1)} vCPU-h of work lost (${usd(s.spot.lostWorkCostUsd)})`,
    );
  }
  for (const [name, a] of Object.entries(s.spot.byComputeEnvironment)) lines.push(`  spot risk   ${name}: ${spotAssumption(a)}`);
  if (s.blocked.neverRan > 0) {
    lines.push(`  never ran   ${s.blocked.neverRan}: ${Object.entries(s.blocked.byReason).map(([k, v]) => `${v} ${k}`).join('; ')}`);
  }
  for (const [name, ce] of Object.entries(s.computeEnvironments)) {
    const fargate = ce.purchaseOption.startsWith('fargate');
    const what = `${ce.instancesLaunched} ${fargate ? 'tasks' : 'instances'}`;
    lines.push(`  ${name.padEnd(11)} ${what}, peak ${ce.peakvCpus} vCPUs, ${ce.vcpuHours.toFixed(1)} vCPU-h at ${pct(ce.utilisation)} busy, ${usd(ce.costUsd)}`);
  }
  for (const [name, fit] of Object.entries(s.lambda.byJobDefinition)) {
    const verdict = fit.fits ? `fits Lambda (${fit.memoryMB} MB): ${usd(fit.costUsd)} for the same ${fit.invocations} runs` : `not for Lambda: ${fit.reasons.join('; ')}`;
    lines.push(`  lambda      ${name}: ${verdict}`);
  }
  return lines.flatMap((l) => fit(l)).join('\n') + '\n';
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/** The data part: what it cost, where the NAT part comes from, and what moved. */
export function dataLine(d: NonNullable<Summary['data']>): string {
  const c = d.costUsd;
  const gib = (x: number): string => `${x.toFixed(x >= 100 ? 0 : x >= 1 ? 1 : 3)} GiB`;
  const parts: string[] = [];
  if (d.s3Path === 'natGateway') {
    parts.push(`NAT ${perJobUsd(c.nat)} = ${d.natGatewayHours} gateway-h ${perJobUsd(c.natHours)} + processing ${perJobUsd(round6(c.natS3Processing + c.natEcrProcessing))}`);
  } else parts.push('S3 gateway endpoint (free)');
  parts.push(`S3 requests ${perJobUsd(c.s3)}`);
  if (d.dynamoDb.items > 0) parts.push(`DynamoDB ${perJobUsd(c.dynamodb)}`);
  const moved = [`${gib(d.s3.readGiB)} read`, `${gib(d.s3.writeGiB)} written`, `${gib(d.ecr.pullGiB)} pulled from ECR`].join(', ');
  return `${perJobUsd(c.total)} (${parts.join('; ')}); ${moved}, ${duration(d.transferSeconds)} of attempt time moving data`;
}

/** A state machine's executions: how they ended, how long they took, what they made and cost. */
export function executionsLine(m: NonNullable<Summary['stateMachines']>[string]): string {
  const e = m.executions;
  const ended = [`${e.succeeded} succeeded`];
  if (e.failed > 0) ended.push(`${e.failed} failed`);
  if (e.timedOut > 0) ended.push(`${e.timedOut} timed out`);
  if (e.running > 0) ended.push(`${e.running} still running`);
  const d = m.durationSeconds;
  const took = d === null ? '' : `; duration p50 ${duration(d.p50)} p95 ${duration(d.p95)} max ${duration(d.max)}`;
  const errors = Object.entries(m.failuresByError).map(([k, v]) => `${v} ${k}`);
  const why = errors.length > 0 ? ` (${errors.join(', ')})` : '';
  return `${e.started} started, ${ended.join(', ')}${why}${took}; ${m.jobsSubmitted} jobs, ${m.stateTransitions} transitions, ${perJobUsd(m.costUsd)} ${m.type === 'STANDARD' ? 'Standard' : 'Express'}`;
}

/** The reclaim rate a Spot environment assumed, against what it saw: "0 interruptions" is not "no risk". */
export function spotAssumption(a: SpotAssumed): string {
  const unit = 'FARGATE_SPOT' in a.assumedInterruptionsPerHourByInstanceType ? 'task-h' : 'instance-h';
  if (a.assumedInterruptionsPerHour <= 0) return `no reclaims assumed (${a.interruptionSource}), ${a.interruptions} seen`;
  // Rates above one per hour (a replayed outage) would round to "1 reclaim per 0 instance-h".
  const hours = 1 / a.assumedInterruptionsPerHour;
  const every = hours >= 10 ? Math.round(hours).toLocaleString('en-US') : hours.toPrecision(2);
  return `1 reclaim per ${every} ${unit} assumed (${a.interruptionSource}), ${a.expectedInterruptions.toFixed(2)} expected in ${a.instanceHours.toFixed(1)} h, ${a.interruptions} seen`;
}

const WIDTH = 100;
const HANG = ' '.repeat(14);

/** A line within WIDTH columns: broken after "; " or ", " and continued under the value column. */
function fit(line: string): string[] {
  const out: string[] = [];
  let rest = line;
  while (rest.length > WIDTH) {
    const cut = Math.max(rest.lastIndexOf('; ', WIDTH - 1), rest.lastIndexOf(', ', WIDTH - 1));
    if (cut <= HANG.length) break;
    out.push(rest.slice(0, cut + 1));
    rest = HANG + rest.slice(cut + 2);
  }
  out.push(rest);
  return out;
}
