// Fields of a duration distribution: one key naming the kind, holding that kind's parameters.
import { SCHEMA_HINT } from '../messages.js';
import type { Table } from './spec.js';

const duration = { kind: 'duration', required: true } as const;

export const EXPONENTIAL = { fields: { mean: duration } } as const satisfies Table;
export const UNIFORM = { fields: { min: duration, max: duration } } as const satisfies Table;
/** Either the median and 95th percentile, or the parameters of ln(seconds). */
export const LOGNORMAL = {
  fields: {
    median: { kind: 'duration' },
    p95: { kind: 'duration' },
    mu: { kind: 'number', describe: SCHEMA_HINT.lognormalMu },
    sigma: { kind: 'number', min: 0 },
  },
  forms: [{ required: ['median', 'p95'] }, { required: ['mu', 'sigma'] }],
} as const satisfies Table;
export const EMPIRICAL = { fields: { file: { kind: 'text', required: true }, column: { kind: 'text', required: true } } } as const satisfies Table;

/** The kinds, in the order messages list them; a bare duration is a fixed value too. */
export const DISTRIBUTION = {
  fields: {
    fixed: { kind: 'duration' },
    exponential: { kind: 'object', table: EXPONENTIAL },
    uniform: { kind: 'object', table: UNIFORM },
    lognormal: { kind: 'object', table: LOGNORMAL },
    empirical: { kind: 'object', table: EMPIRICAL },
  },
} as const satisfies Table;
