// Nextflow's trace file (`-with-trace`, trace.txt): tab-separated, a header row naming the fields
// (task_id, hash, native_id, name, status, exit, submit, duration, realtime, … and optionally
// process, start, complete, cpus, memory, queue, attempt). Times may be raw (`trace.raw`: epoch
// ms and ms) or formatted ("2024-05-01 02:00:13.456", "1m 2s", "4 GB"). Pure.
import { notText } from '../json.js';
import type { ImportNote, SourceText } from '../types.js';
import type { HistoryJob, HistoryResult } from './history.js';

const REQUIRED = ['name', 'status', 'submit'] as const;

/** Nextflow's formatted duration ("1d 2h 3m 4s", "345ms", "2.5s") or raw ms, in ms. */
export function nextflowDurationMs(text: string): number | null {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Math.round(Number(t));
  const parts = [...t.matchAll(/(\d+(?:\.\d+)?)\s*(ms|d|h|m|s)\b/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('').replace(/\s/g, '') !== t.replace(/\s/g, '')) return null;
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  return Math.round(parts.reduce((sum, p) => sum + Number(p[1]) * unit[p[2]], 0));
}

/** A raw epoch-ms number or "YYYY-MM-DD HH:MM:SS(.mmm)", read as UTC (the trace names no zone). */
export function nextflowInstantMs(text: string): number | null {
  const t = text.trim();
  if (/^\d{10,}$/.test(t)) return Number(t);
  const m = /^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(?:\.(\d{1,3}))?$/.exec(t);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
  const v = Date.UTC(y, mo - 1, d, h, mi, s, Number((m[7] ?? '0').padEnd(3, '0')));
  const back = new Date(v);
  return back.getUTCDate() === d && back.getUTCMonth() === mo - 1 ? v : null;
}

/** Memory as Nextflow prints it ("4 GB", "512 MB", "1.5 GB"; 1024-based) or raw bytes, in MiB. */
export function nextflowMemoryMiB(text: string): number | null {
  const t = text.trim();
  if (/^\d+$/.test(t)) return Number(t) / 1_048_576;
  const m = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB)$/i.exec(t);
  if (!m) return null;
  const exp = { B: -2, KB: -1, MB: 0, GB: 1, TB: 2 }[m[2].toUpperCase() as 'B'];
  return Number(m[1]) * 1024 ** exp;
}

export function readNextflowTrace(source: SourceText): HistoryResult {
  const notes: ImportNote[] = [];
  const err = (line: number, message: string): HistoryResult => ({ jobs: [], notes: [{ severity: 'error', source: source.name, at: `line ${line}`, message }] });
  const binary = notText(source.text, 'a Nextflow trace.txt');
  if (binary !== null) return { jobs: [], notes: [{ severity: 'error', source: source.name, at: '', message: binary }] };
  const lines = source.text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = (lines[0] ?? '').split('\t').map((h) => h.trim());
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (!header.includes('realtime') && !header.includes('duration')) missing.push('realtime' as never);
  if (missing.length > 0) return err(1, `Nextflow trace: missing column${missing.length === 1 ? '' : 's'} ${missing.join(', ')} (columns: ${header.join(', ')})`);
  const col = (name: string): number => header.indexOf(name);
  const jobs: HistoryJob[] = [];
  let cached = 0;
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const cells = lines[i].split('\t');
    if (cells.length !== header.length) return err(i + 1, `expected ${header.length} tab-separated fields (as the header), got ${cells.length}`);
    const cell = (name: string): string | null => {
      const c = col(name);
      const v = c < 0 ? '' : cells[c].trim();
      return v === '' || v === '-' ? null : v;
    };
    const status = cell('status');
    if (status === 'CACHED') {
      cached++;
      continue;
    }
    const read = <T>(name: string, parse: (t: string) => T | null, what: string): T | null | undefined => {
      const v = cell(name);
      if (v === null) return null;
      const r = parse(v);
      if (r === null) notes.push({ severity: 'error', source: source.name, at: `line ${i + 1}`, message: `column "${name}": ${JSON.stringify(v)} is not ${what}` });
      return r === null ? undefined : r;
    };
    const submit = read('submit', nextflowInstantMs, 'a time ("2024-05-01 02:00:13.456" or epoch ms)');
    const start = read('start', nextflowInstantMs, 'a time');
    const complete = read('complete', nextflowInstantMs, 'a time');
    const duration = read('duration', nextflowDurationMs, 'a duration ("1m 2s" or ms)');
    const realtime = read('realtime', nextflowDurationMs, 'a duration ("1m 2s" or ms)');
    const memory = read('memory', nextflowMemoryMiB, 'a memory size ("4 GB")');
    const cpus = read('cpus', (t) => (/^\d+(\.\d+)?$/.test(t) ? Number(t) : null), 'a number');
    const exit = read('exit', (t) => (/^-?\d+$/.test(t) ? Number(t) : null), 'an exit code');
    if ([submit, start, complete, duration, realtime, memory, cpus, exit].includes(undefined)) continue;
    if (submit === null) return err(i + 1, 'column "submit" is empty');
    // stopped = complete, else submit + duration; started = start, else stopped − realtime.
    const stoppedAt = complete ?? (duration !== null ? submit! + duration! : null);
    const startedAt = start ?? (stoppedAt !== null && realtime !== null ? stoppedAt - realtime! : null);
    const name = cell('name') ?? '';
    jobs.push({
      jobId: cell('native_id') ?? cell('task_id') ?? `line-${i + 1}`,
      jobName: name,
      jobQueue: cell('queue'),
      jobDefinition: cell('process') ?? name.replace(/\s*\(.*\)$/, ''),
      jobDefinitionRevision: null,
      status: status === 'COMPLETED' ? 'SUCCEEDED' : status === 'FAILED' || status === 'ABORTED' ? 'FAILED' : status,
      statusReason: status === 'ABORTED' ? 'ABORTED (Nextflow)' : null,
      exitCode: exit ?? null,
      createdAt: submit!,
      startedAt,
      stoppedAt,
      vcpus: cpus ?? null,
      memoryMiB: memory === null || memory === undefined ? null : Math.ceil(memory),
      shareIdentifier: null,
      timeoutSeconds: null,
      attempts: Number(cell('attempt') ?? '1') || 1,
      arrayIndex: null,
      arraySize: null,
      dependsOn: [],
      origin: `${source.name}: line ${i + 1}`,
    });
  }
  if (notes.some((n) => n.severity === 'error')) return { jobs: [], notes: notes.slice(0, 20) };
  if (cached > 0) notes.push({ severity: 'note', source: source.name, at: '', message: `${cached} CACHED task${cached === 1 ? '' : 's'} skipped (they did not run)` });
  if (jobs.some((j) => j.createdAt !== null) && !/^\d{10,}$/.test(lines[1]?.split('\t')[col('submit')]?.trim() ?? ''))
    notes.push({ severity: 'note', source: source.name, at: 'submit', message: 'the trace names no time zone: submit times read as UTC' });
  return { jobs, notes };
}

/** A Nextflow trace by content: a tab-separated header with task_id/hash/name/status columns. */
export function looksLikeNextflowTrace(text: string): boolean {
  const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0];
  return header.includes('\t') && /(^|\t)(task_id|hash|name)(\t|$)/.test(header) && !header.trim().startsWith('{');
}
