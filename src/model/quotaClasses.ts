// The account-level vCPU service quotas the model enforces (per account and Region), as
// `aws service-quotas list-service-quotas` names them, and which instances count against each.
// A leaf: the scenario reader resolves `assumptions.serviceQuotas` keys with it, the model counts.
//
// Sources: EC2 "On-Demand Instance quotas"
// (https://docs.aws.amazon.com/ec2/latest/instancetypes/ec2-instance-quotas.html), EC2 "Spot Instance
// quotas" (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-spot-limits.html), ECS "AWS
// Fargate service quotas" (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html).
// Quota codes: only L-1216C47A could be checked against AWS's own documentation (the AWS CLI's
// service-quotas examples, https://docs.aws.amazon.com/cli/latest/userguide/cli_service-quotas_code_examples.html,
// which also give its default of 5 vCPUs). The other quotas are accepted by name only.

export type QuotaClassKey =
  | 'on-demand-standard'
  | 'on-demand-g-vt'
  | 'on-demand-p'
  | 'spot-standard'
  | 'spot-g-vt'
  | 'spot-p'
  | 'fargate-on-demand'
  | 'fargate-spot';

export interface QuotaClass {
  key: QuotaClassKey;
  /** The QuotaName list-service-quotas prints. */
  name: string;
  /** The QuotaCode, where AWS's documentation confirms it; null: accepted by name only. */
  code: string | null;
  /** What a new account starts with, in vCPUs, where AWS publishes it; null where it does not. */
  newAccountDefault: number | null;
}

export const QUOTA_CLASSES: readonly QuotaClass[] = [
  { key: 'on-demand-standard', name: 'Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances', code: 'L-1216C47A', newAccountDefault: 5 },
  { key: 'on-demand-g-vt', name: 'Running On-Demand G and VT instances', code: null, newAccountDefault: null },
  { key: 'on-demand-p', name: 'Running On-Demand P instances', code: null, newAccountDefault: null },
  // The Spot page lists the defaults: Standard 5, G and VT 0, P 0.
  { key: 'spot-standard', name: 'All Standard (A, C, D, H, I, M, R, T, Z) Spot Instance Requests', code: null, newAccountDefault: 5 },
  { key: 'spot-g-vt', name: 'All G and VT Spot Instance Requests', code: null, newAccountDefault: 0 },
  { key: 'spot-p', name: 'All P Spot Instance Requests', code: null, newAccountDefault: 0 },
  // The ECS page says the Fargate quotas vary per account and start lower for new accounts; 6 vCPUs
  // On-Demand is the figure new accounts report (issue 11). Fargate Spot publishes none.
  { key: 'fargate-on-demand', name: 'Fargate On-Demand vCPU resource count', code: null, newAccountDefault: 6 },
  { key: 'fargate-spot', name: 'Fargate Spot vCPU resource count', code: null, newAccountDefault: null },
];

const normalise = (s: string): string => s.trim().replace(/\s+/g, ' ').toLowerCase();
/** Built by the first look-up, not at start-up: most scenarios name no quota. */
let byKey: Map<string, QuotaClass> | undefined;

/** The quota a scenario key names (a quota code or a quota name, in any case), or null. */
export function quotaClassNamed(key: string): QuotaClass | null {
  if (byKey === undefined) {
    byKey = new Map(QUOTA_CLASSES.map((c) => [normalise(c.name), c]));
    for (const c of QUOTA_CLASSES) if (c.code !== null) byKey.set(normalise(c.code), c);
  }
  return byKey.get(normalise(key)) ?? null;
}

export function quotaClass(key: QuotaClassKey): QuotaClass {
  return QUOTA_CLASSES.find((c) => c.key === key)!;
}

// Families by the letters before the type's generation digit (m5 -> m, g4dn -> g, vt1 -> vt,
// inf2 -> inf). These prefixes have quotas of their own that the model does not enforce.
const OTHER_FAMILIES = new Set(['f', 'x', 'u', 'inf', 'dl', 'trn', 'hpc', 'mac']);
const STANDARD_LETTERS = new Set(['a', 'c', 'd', 'h', 'i', 'm', 'r', 't', 'z']);

/** Which instance-family bucket an EC2 type's vCPUs count against, or null when none modelled. */
export function familyBucket(instanceType: string): 'standard' | 'g-vt' | 'p' | null {
  const prefix = /^[a-z]+/.exec(instanceType.toLowerCase())?.[0] ?? '';
  if (prefix === 'g' || prefix === 'vt') return 'g-vt';
  if (prefix === 'p') return 'p';
  if (prefix === '' || OTHER_FAMILIES.has(prefix)) return null;
  return STANDARD_LETTERS.has(prefix[0]) ? 'standard' : null;
}

/** The quota class an instance or task counts against: EC2 by family and purchase option, Fargate by option. */
export function quotaClassFor(purchaseOption: string, instanceType: string): QuotaClassKey | null {
  if (purchaseOption === 'fargate') return 'fargate-on-demand';
  if (purchaseOption === 'fargate-spot') return 'fargate-spot';
  if (purchaseOption !== 'on-demand' && purchaseOption !== 'spot') return null;
  const bucket = familyBucket(instanceType);
  return bucket === null ? null : (`${purchaseOption}-${bucket}` as QuotaClassKey);
}
