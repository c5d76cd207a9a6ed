// `prices`: overrides of the bundled EC2 on-demand, Spot discount, Fargate, EBS and pipeline prices.
import type { Catalog } from '../../model/catalog.js';
import { FARGATE_PRICES, PIPELINE_PRICES, PRICES } from '../fields/prices.js';
import type { Table } from '../fields/spec.js';
import { joinPath } from '../issues.js';
import * as m from '../messages.js';
import type { PipelinePriceOverrides, PriceOverrides } from '../types.js';
import type { Reader } from './reader.js';

export function readPrices(r: Reader, value: unknown, catalog: Catalog): PriceOverrides {
  const prices: PriceOverrides = { ec2OnDemandUsdPerHour: {}, spotDiscount: {}, fargate: {}, ebsGp3UsdPerGiBMonth: null, pipeline: {} };
  if (value === undefined) return prices;
  const path = 'prices';
  const o = r.object(value, path, PRICES);
  if (!o) return prices;
  const perType = (key: 'ec2' | 'spotDiscount', into: Record<string, number>): void => {
    const v = r.get(o, key, path);
    if (v === undefined) return;
    const at = joinPath(path, key);
    const table = r.mapping(v, at);
    if (!table) return;
    for (const [type, price] of Object.entries(table)) {
      if (!catalog.instanceTypes.has(type)) r.error(joinPath(at, type), m.unknownInstanceType(type, [...catalog.instanceTypes.keys()]));
      const n = r.checkNumber(price, joinPath(at, type), PRICES.fields[key].of);
      if (n !== undefined) into[type] = n;
    }
  };
  perType('ec2', prices.ec2OnDemandUsdPerHour);
  perType('spotDiscount', prices.spotDiscount);
  const fargate = r.get(o, 'fargate', path);
  if (fargate !== undefined) prices.fargate = numbersOf(r, fargate, joinPath(path, 'fargate'), FARGATE_PRICES);
  prices.ebsGp3UsdPerGiBMonth = r.field(o, PRICES, 'ebsGp3UsdPerGiBMonth', path) ?? null;
  const pipeline = r.get(o, 'pipeline', path);
  if (pipeline !== undefined) prices.pipeline = readPipelinePrices(r, pipeline, joinPath(path, 'pipeline'));
  return prices;
}

/** `prices.pipeline`: each part a mapping of the table's figures, every one a price >= 0. */
function readPipelinePrices(r: Reader, value: unknown, path: string): PipelinePriceOverrides {
  const out: Record<string, Record<string, number>> = {};
  const o = r.object(value, path, PIPELINE_PRICES);
  if (!o) return out;
  for (const [part, spec] of Object.entries(PIPELINE_PRICES.fields)) {
    const v = r.get(o, part, path);
    if (v !== undefined) out[part] = numbersOf(r, v, joinPath(path, part), spec.table);
  }
  return out as PipelinePriceOverrides;
}

/** A mapping of prices by a table whose fields are all numbers (`prices.fargate`, a part of `prices.pipeline`): the ones given, each checked. */
function numbersOf(r: Reader, value: unknown, path: string, table: Table): Record<string, number> {
  const out: Record<string, number> = {};
  const o = r.object(value, path, table);
  if (!o) return out;
  for (const key of Object.keys(table.fields)) {
    const n = r.field(o, table, key as never, path);
    if (n !== undefined) out[key] = n as number;
  }
  return out;
}
