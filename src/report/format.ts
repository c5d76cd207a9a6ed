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

/**
 * A summary.json figure's value by its dotted key (compare, the planner, replications): durations
 * (`…Seconds…`) in s/min/h, money in $, utilisations in %, others to 4 significant digits.
 */
export function formatFigure(figure: string, v: number | null): string {
  if (v === null) return 'n/a';
  if (/Seconds($|\.)/.test(figure)) {
    const a = Math.abs(v);
    return a >= 5400 ? `${roundTo(v / 3600, 2)} h` : a >= 90 ? `${roundTo(v / 60, 1)} min` : `${roundTo(v, 1)} s`;
  }
  if (/Usd($|\.)|^costUsd\./.test(figure)) return `${v < 0 ? '−' : ''}$${Math.abs(v).toFixed(2)}`;
  if (/(^|\.)utilisation($|\.)/.test(figure)) return `${roundTo(v * 100, 1)}%`;
  return String(Number(v.toPrecision(4)));
}

/**
 * A mean with its 95% interval: `mean ± half-width`, or `mean [low, high]` when the interval was
 * cut at the figure's range (plan/stats.ts estimateIn), where ± would claim values it cannot take.
 */
export function intervalText(figure: string, mean: number, interval: { halfWidth: number; low: number; high: number; cut: boolean }): string {
  if (interval.cut) return `${formatFigure(figure, mean)} [${formatFigure(figure, interval.low)}, ${formatFigure(figure, interval.high)}]`;
  return `${formatFigure(figure, mean)} ± ${formatFigure(figure, interval.halfWidth)}`;
}

const roundTo = (v: number, digits: number): string => String(Math.round(v * 10 ** digits) / 10 ** digits);
