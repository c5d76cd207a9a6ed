// The shape of a charts.json that `batchsim report` reads back: a user's folder may hold one that
// was edited, so everything the charts are drawn from is checked before any is drawn (a wrong one
// is refused, naming the field, instead of failing inside the renderer). Only `report` loads this
// (and zod): a run writes charts.json from its own data.
import { z } from 'zod';
import { MAX_SERIES_BINS } from '../../records/chartAggregates.js';
import * as m from '../messages.js';
import { OutputFolderError } from '../output.js';
import type { ChartData } from './data.js';

// zod 4's number() is finite already (Infinity and NaN are refused).
const finite = z.number();
const atLeastZero = finite.min(0);
const count = z.number().int().min(0);
const text = z.string();

/** The per-bin arrays must have one value per bin. */
const perBin = (bins: number, of: z.ZodType<number>) => z.array(of).length(bins, { message: `expected one value per bin (${bins})` });

function schema(bins: number) {
  const band = { min: perBin(bins, finite), mean: perBin(bins, finite), max: perBin(bins, finite) };
  return z.object({
    endSeconds: atLeastZero,
    bins: z.object({ widthSeconds: finite.positive(), count: z.number().int().min(1).max(MAX_SERIES_BINS) }),
    seriesFrom: z.enum(['exact', 'sampled']),
    series: z.array(z.object({ scope: z.enum(['jobQueue', 'computeEnvironment']), name: text, metric: text, ...band })),
    interruptions: perBin(bins, count),
    retries: perBin(bins, count),
    cost: z.array(z.object({ computeEnvironment: text, purchaseOption: text, part: text, usd: finite })),
    queueWait: z.object({
      points: z.array(z.object({ queue: text, waitSeconds: finite, p: finite.min(0).max(1) })),
      marks: z.array(z.object({ queue: text, quantile: z.enum(['p50', 'p95']), waitSeconds: finite })),
      started: z.record(z.string(), count),
    }),
    timeline: z.object({
      lanes: z.array(
        z.object({
          instanceId: text,
          label: text,
          computeEnvironment: text,
          instanceType: text,
          purchaseOption: text,
          launchedAt: finite,
          readyAt: finite.nullable(),
          terminatedAt: finite,
          reclaimed: z.boolean(),
        }),
      ),
      bars: z.array(z.object({ instanceId: text, outcome: text, start: finite, end: finite, attempts: count })),
      totalInstances: count,
      sampled: z.boolean(),
      merged: z.boolean(),
      attemptsShown: count,
    }),
    executions: z
      .object({
        series: z.array(z.object({ machine: text, ...band, started: perBin(bins, count), ended: perBin(bins, count) })),
        samples: z.array(
          z.object({
            machine: text,
            executionId: text,
            status: text,
            startSeconds: finite,
            endSeconds: finite.nullable(),
            lanes: z.array(text),
            totalLanes: count,
            bars: z.array(z.object({ lane: text, state: text, start: finite, end: finite.nullable(), outcome: text })),
          }),
        ),
      })
      .optional(),
  });
}

/** `data` (charts.json parsed, its format checked) as the charts read it; an OutputFolderError naming the first wrong field. */
export function checkChartData(path: string, data: ChartData): ChartData {
  const bins = (data as { bins?: { count?: unknown } }).bins?.count;
  const parsed = schema(typeof bins === 'number' && Number.isInteger(bins) && bins > 0 ? bins : 1).safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length > 0 ? issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') : 'the file';
    throw new OutputFolderError(m.badChartsJson(path, where, issue.message));
  }
  return data;
}
