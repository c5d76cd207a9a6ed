// The job-history functions under test, and the existing csv trace reader the import feeds.
import { parseCsvTrace } from '../../../src/workload/traces/csv.js';
export { fitHistory, historyTrace, importJobs, importSetup, readHistory } from '../../../src/index.js';

export function parseCsvTraceForTest(text: string) {
  const r = parseCsvTrace(text);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.line}: ${e.message}`).join('; '));
  return r.trace;
}
