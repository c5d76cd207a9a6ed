// A recorder that passes everything to a ColumnarRecorder and keeps every sample call as the
// sampler made it (what timeseries.csv held before it became change-only), truncated like the rows.
import type { Recorder, SampleScope } from '../../src/model/result.js';
import type { ColumnarRecorder } from '../../src/records/recorder.js';

/** A recorder that keeps every sample call as the sampler made it (what timeseries.csv held before). */
export class SpyRecorder implements Recorder {
  readonly calls: { t: number; id: number; value: number }[] = [];
  endAt = -1;
  constructor(readonly inner: ColumnarRecorder) {}
  intern = (name: string) => this.inner.intern(name);
  job: Recorder['job'] = (j) => this.inner.job(j);
  attempt: Recorder['attempt'] = (a) => this.inner.attempt(a);
  instance: Recorder['instance'] = (x) => this.inner.instance(x);
  series = (scope: SampleScope, name: string, metric: string) => this.inner.series(scope, name, metric);
  level = (at: number, id: number, v: number) => this.inner.level(at, id, v);
  sample(at: number, id: number, value: number): void {
    this.calls.push({ t: at, id, value });
    this.inner.sample(at, id, value);
  }
  truncateSamplesAfter(at: number): void {
    while (this.calls.length > 0 && this.calls[this.calls.length - 1].t > at) this.calls.pop();
    this.inner.truncateSamplesAfter(at);
  }
  closeSeries(endAt: number): void {
    this.endAt = endAt;
    this.inner.closeSeries(endAt);
  }
}

