// Which node-range entry of a multi-node job definition applies to each node: ranges may be open
// ("11:") and later entries override earlier ones for the nodes they cover (as AWS applies them). Pure.
import { isObj } from './types.js';

export interface NodeSpan {
  from: number;
  to: number;
  /** The range entry as written ("0:", "11:20"). */
  targetNodes: string;
  /** Index into nodeRangeProperties. */
  range: number;
}

/** Contiguous spans of nodes 0…numNodes−1 by the range that applies, or null when not multi-node. */
export function effectiveNodeRanges(nodeProperties: unknown): NodeSpan[] | null {
  if (!isObj(nodeProperties) || !Array.isArray(nodeProperties.nodeRangeProperties)) return null;
  const numNodes = Number(nodeProperties.numNodes);
  if (!Number.isInteger(numNodes) || numNodes <= 0) return null;
  const owner = new Array<number>(numNodes).fill(-1);
  const texts: string[] = [];
  nodeProperties.nodeRangeProperties.forEach((r, i) => {
    const text = isObj(r) && typeof r.targetNodes === 'string' ? r.targetNodes : '';
    texts.push(text);
    const m = /^(\d*):(\d*)$/.exec(text) ?? /^(\d+)()$/.exec(text);
    if (!m) return;
    const from = m[1] === '' ? 0 : Number(m[1]);
    const to = text.includes(':') ? (m[2] === '' ? numNodes - 1 : Number(m[2])) : from;
    for (let n = from; n <= Math.min(to, numNodes - 1); n++) owner[n] = i;
  });
  const spans: NodeSpan[] = [];
  for (let n = 0; n < numNodes; n++) {
    const last = spans[spans.length - 1];
    if (last !== undefined && last.range === owner[n] && last.to === n - 1) last.to = n;
    else spans.push({ from: n, to: n, range: owner[n], targetNodes: owner[n] < 0 ? '(none)' : texts[owner[n]] });
  }
  return spans;
}
