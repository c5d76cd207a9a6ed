// Numbers as people read them in the summary and report.html: durations with units, dollars,
// percentages, counts with thousands separators.

/** `45.0 s`, `12.5 min`, `72.0 h`, `3.2 d`; `-` for none. */
export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '-';
  if (seconds < 120) return `${seconds.toFixed(1)} s`;
  if (seconds < 7200) return `${(seconds / 60).toFixed(1)} min`;
  if (seconds < 172800) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} d`;
}

/** `$294.93`, `$1,204.50`. */
export function usd(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '-';
  return `$${x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** A fraction as `91.7%`. */
export function percent(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '-' : `${(x * 100).toFixed(1)}%`;
}

/** `1,349`. */
export function count(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '-' : x.toLocaleString('en-US');
}

/** An ISO 8601 UTC instant to the second (`2024-01-01T02:00:00Z`); `-` for none. */
export function clock(iso: string | null | undefined): string {
  return typeof iso === 'string' && iso.length >= 19 ? `${iso.slice(0, 19)}Z` : '-';
}
