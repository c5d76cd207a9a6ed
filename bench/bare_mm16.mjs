// Reference point for the bench: the M/M/16 queue of bench/mm16-1m.yaml (84/h Poisson arrivals,
// exponential runtimes with a mean of 10 minutes, 16 servers, 1,000,000 jobs by default) as the
// smallest event loop JavaScript can run it in: a binary heap of event times in typed arrays
// (no objects per event or job), a ring of waiting arrival times, and the waits summed. It is
// the floor batchsim's kernel is measured against, not a simulator: no AWS model, no records.
//
//   node bench/bare_mm16.mjs [jobs]   prints one JSON line {jobs, seconds, meanWait}
//
// Time is integer milliseconds, as in batchsim, so that ties and rounding are alike.

const N = Number(process.argv[2] ?? 1_000_000);
const SERVERS = 16;
const ARRIVAL_MEAN_MS = 3_600_000 / 84;
const RUNTIME_MEAN_MS = 600_000;

// A small seeded generator (mulberry32): the bench needs the same work at every repeat, not
// batchsim's streams.
let state = 1;
function uniform() {
  state = (state + 0x6d2b79f5) | 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const exponential = (mean) => Math.round(-mean * Math.log(1 - uniform()));

// Event heap: at most one pending arrival plus one completion per server.
const CAP = SERVERS + 2;
const heapTime = new Float64Array(CAP);
const heapKind = new Uint8Array(CAP); // 0 arrival, 1 completion
const heapSeq = new Float64Array(CAP); // insertion order breaks ties, as batchsim's seq does
let size = 0;
let seq = 0;

function less(i, j) {
  return heapTime[i] < heapTime[j] || (heapTime[i] === heapTime[j] && heapSeq[i] < heapSeq[j]);
}
function swap(i, j) {
  const t = heapTime[i], k = heapKind[i], s = heapSeq[i];
  heapTime[i] = heapTime[j]; heapKind[i] = heapKind[j]; heapSeq[i] = heapSeq[j];
  heapTime[j] = t; heapKind[j] = k; heapSeq[j] = s;
}
function push(time, kind) {
  let i = size++;
  heapTime[i] = time; heapKind[i] = kind; heapSeq[i] = seq++;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!less(i, p)) break;
    swap(i, p);
    i = p;
  }
}
function pop() {
  size--;
  swap(0, size);
  let i = 0;
  for (;;) {
    const l = 2 * i + 1, r = l + 1;
    let m = i;
    if (l < size && less(l, m)) m = l;
    if (r < size && less(r, m)) m = r;
    if (m === i) break;
    swap(i, m);
    i = m;
  }
}

// Waiting jobs' arrival times, FIFO; a ring as large as the job count can never overflow.
const waiting = new Float64Array(N);
let head = 0;
let tail = 0;

const t0 = process.hrtime.bigint();
let free = SERVERS;
let arrived = 0;
let started = 0;
let waitSum = 0;
push(exponential(ARRIVAL_MEAN_MS), 0);
while (size > 0) {
  const now = heapTime[0];
  const kind = heapKind[0];
  pop();
  if (kind === 0) {
    arrived++;
    waiting[tail++] = now;
    if (arrived < N) push(now + exponential(ARRIVAL_MEAN_MS), 0);
  } else {
    free++;
  }
  while (free > 0 && head < tail) {
    free--;
    waitSum += now - waiting[head++];
    started++;
    push(now + exponential(RUNTIME_MEAN_MS), 1);
  }
}
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
if (started !== N) throw new Error(`bare loop: ${started} of ${N} jobs started`);
console.log(JSON.stringify({ jobs: N, seconds, meanWait: waitSum / N / 1000 }));
