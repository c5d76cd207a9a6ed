// `assumptions`: latencies, Spot, Fargate and Lambda, each field falling back to defaults.ts.
import * as D from '../defaults.js';
import {
  ASSUMPTIONS, FARGATE_ASSUMPTIONS, INTERRUPTION_RATE, LAMBDA_ASSUMPTIONS, SPOT_ASSUMPTIONS, SPOT_DISCOUNT,
} from '../fields/assumptions.js';
import { joinPath } from '../issues.js';
import * as m from '../messages.js';
import type { Assumptions, FargateAssumptions, LambdaAssumptions, SpotAssumptions } from '../types.js';
import { distributionField } from './distribution.js';
import { isObj, type Reader } from './reader.js';
import { parseSizeMiB } from './units.js';

function defaultAssumptions(): Assumptions {
  return {
    region: D.REGION,
    schedulerCycleMs: D.SCHEDULER_CYCLE_MS,
    submitToRunnable: D.SUBMIT_TO_RUNNABLE,
    containerStart: D.CONTAINER_START,
    ec2Launch: D.EC2_LAUNCH,
    ec2BootMs: D.EC2_BOOT_MS,
    fargateLaunch: D.FARGATE_LAUNCH,
    idleTerminateAfterMs: D.IDLE_TERMINATE_AFTER_MS,
    ebsRootVolumeGiB: D.EBS_ROOT_VOLUME_GIB,
    timeseriesIntervalMs: D.TIMESERIES_INTERVAL_MS,
    spot: D.SPOT,
    fargate: { ...D.FARGATE },
    lambda: { ...D.LAMBDA },
  };
}

export function readAssumptions(r: Reader, value: unknown, files: Map<string, string>): Assumptions {
  const d = defaultAssumptions();
  if (value === undefined) return d;
  const path = 'assumptions';
  const o = r.object(value, path, ASSUMPTIONS);
  if (!o) return d;
  const idle = r.field(o, ASSUMPTIONS, 'idleTerminateAfter', path);
  const idleMaxSeconds = ASSUMPTIONS.fields.idleTerminateAfter.maxSeconds;
  if (idle !== undefined && idle > idleMaxSeconds * 1000) r.error(joinPath(path, 'idleTerminateAfter'), m.between(0, idleMaxSeconds, idle / 1000));
  const interval = r.field(o, ASSUMPTIONS, 'timeseriesInterval', path);
  if (interval === 0) r.error(joinPath(path, 'timeseriesInterval'), m.above(0, 0));
  let ebs = d.ebsRootVolumeGiB;
  const ebsValue = r.get(o, 'ebsRootVolume', path);
  if (ebsValue !== undefined) {
    const mib = parseSizeMiB(ebsValue, 'GiB');
    if (mib === null || mib <= 0) r.error(joinPath(path, 'ebsRootVolume'), m.badSize(ebsValue));
    else ebs = mib / 1024;
  }
  return {
    region: r.field(o, ASSUMPTIONS, 'region', path) ?? d.region,
    schedulerCycleMs: r.field(o, ASSUMPTIONS, 'schedulerCycle', path) ?? d.schedulerCycleMs,
    submitToRunnable: distributionField(r, o, 'submitToRunnable', path, files, d.submitToRunnable),
    containerStart: distributionField(r, o, 'containerStart', path, files, d.containerStart),
    ec2Launch: distributionField(r, o, 'ec2Launch', path, files, d.ec2Launch),
    ec2BootMs: r.field(o, ASSUMPTIONS, 'ec2Boot', path) ?? d.ec2BootMs,
    fargateLaunch: distributionField(r, o, 'fargateLaunch', path, files, d.fargateLaunch),
    idleTerminateAfterMs: idle ?? d.idleTerminateAfterMs,
    ebsRootVolumeGiB: ebs,
    timeseriesIntervalMs: interval || d.timeseriesIntervalMs,
    spot: readSpot(r, r.get(o, 'spot', path), joinPath(path, 'spot')),
    fargate: readFargateAssumptions(r, r.get(o, 'fargate', path), joinPath(path, 'fargate')),
    lambda: readLambdaAssumptions(r, r.get(o, 'lambda', path), joinPath(path, 'lambda')),
  };
}

function readFargateAssumptions(r: Reader, value: unknown, path: string): FargateAssumptions {
  if (value === undefined) return { ...D.FARGATE };
  const o = r.object(value, path, FARGATE_ASSUMPTIONS);
  if (!o) return { ...D.FARGATE };
  return {
    limits: r.field(o, FARGATE_ASSUMPTIONS, 'limits', path) ?? D.FARGATE.limits,
    launchBurst: r.field(o, FARGATE_ASSUMPTIONS, 'launchBurst', path) ?? D.FARGATE.launchBurst,
    launchPerSecond: r.field(o, FARGATE_ASSUMPTIONS, 'launchPerSecond', path) ?? D.FARGATE.launchPerSecond,
  };
}

function readLambdaAssumptions(r: Reader, value: unknown, path: string): LambdaAssumptions {
  if (value === undefined) return { ...D.LAMBDA };
  const o = r.object(value, path, LAMBDA_ASSUMPTIONS);
  if (!o) return { ...D.LAMBDA };
  return { architecture: r.field(o, LAMBDA_ASSUMPTIONS, 'architecture', path) ?? D.LAMBDA.architecture };
}

function readSpot(r: Reader, value: unknown, path: string): SpotAssumptions {
  if (value === undefined) return D.SPOT;
  const o = r.object(value, path, SPOT_ASSUMPTIONS);
  if (!o) return D.SPOT;
  const notice = r.field(o, SPOT_ASSUMPTIONS, 'noticeSeconds', path);
  return {
    interruptions: readInterruptions(r, r.get(o, 'interruptions', path), joinPath(path, 'interruptions')) ?? D.SPOT.interruptions,
    noticeMs: notice === undefined ? D.SPOT.noticeMs : Math.round(notice * 1000),
    price: readSpotPrice(r, r.get(o, 'price', path), joinPath(path, 'price')),
  };
}

/** Spot interruptions: advisor, none or {perHour}; also a compute environment's own override. */
export function readInterruptions(r: Reader, value: unknown, path: string): SpotAssumptions['interruptions'] | undefined {
  if (value === undefined) return undefined;
  if (value === 'advisor' || value === 'none') return { kind: value };
  if (isObj(value)) {
    const o = r.object(value, path, INTERRUPTION_RATE);
    const perHour = o ? r.field(o, INTERRUPTION_RATE, 'perHour', path) : undefined;
    return perHour === undefined ? undefined : { kind: 'perHour', perHour };
  }
  r.error(path, m.expected(m.EXPECTED.interruptions, value));
  return undefined;
}

function readSpotPrice(r: Reader, value: unknown, path: string): SpotAssumptions['price'] {
  if (value === undefined || value === 'advisor') return D.SPOT.price;
  if (isObj(value)) {
    const o = r.object(value, path, SPOT_DISCOUNT);
    const discount = o ? r.field(o, SPOT_DISCOUNT, 'discount', path) : undefined;
    if (discount !== undefined) return { kind: 'discount', discount };
  } else r.error(path, m.expected(m.EXPECTED.spotPrice, value));
  return D.SPOT.price;
}
