// Scheduling policies: the fair-share parameters of a job queue.
import * as D from '../defaults.js';
import { FAIRSHARE_POLICY, SCHEDULING_POLICY, SHARE_ATTRIBUTES } from '../fields/schedulingPolicy.js';
import { indexPath, joinPath } from '../issues.js';
import type { SchedulingPolicy } from '../types.js';
import { eachObject, type Reader } from './reader.js';

export function readSchedulingPolicy(r: Reader, value: unknown, path: string): SchedulingPolicy {
  const policy: SchedulingPolicy = { name: '', shareDecaySeconds: D.SHARE_DECAY_SECONDS, computeReservation: D.COMPUTE_RESERVATION, shareDistribution: [] };
  const o = r.object(value, path, SCHEDULING_POLICY);
  if (!o) return policy;
  policy.name = r.field(o, SCHEDULING_POLICY, 'name', path) ?? '';
  const fairshare = r.get(o, 'fairsharePolicy', path);
  if (fairshare === undefined) return policy;
  const fPath = joinPath(path, 'fairsharePolicy');
  const F = FAIRSHARE_POLICY;
  const f = r.object(fairshare, fPath, F);
  if (!f) return policy;
  policy.shareDecaySeconds = r.field(f, F, 'shareDecaySeconds', fPath) ?? D.SHARE_DECAY_SECONDS;
  policy.computeReservation = r.field(f, F, 'computeReservation', fPath) ?? D.COMPUTE_RESERVATION;
  const sharesPath = joinPath(fPath, 'shareDistribution');
  const shares = r.field(f, F, 'shareDistribution', fPath) ?? [];
  policy.shareDistribution = eachObject(r, shares, sharesPath, SHARE_ATTRIBUTES).map((s, i) => {
    const at = indexPath(sharesPath, i);
    return {
      shareIdentifier: (s ? r.field(s, SHARE_ATTRIBUTES, 'shareIdentifier', at) : undefined) ?? '',
      weightFactor: (s ? r.field(s, SHARE_ATTRIBUTES, 'weightFactor', at) : undefined) ?? D.WEIGHT_FACTOR,
    };
  });
  return policy;
}
