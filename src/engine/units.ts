// Durations and sizes written as text ("90s", "1h30m", "16 GiB"), shared by scenario files and
// trace files so both read units the same way.

const DURATION_UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Integer ms from "500ms", "90s", "45m", "2h", "3d", compounds like "1h30m", or bare seconds ("90"); null otherwise. */
export function parseDurationText(value: string): number | null {
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // The lookahead stops "45 minutes" from reading as 45m followed by junk.
  const part = /\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)(?![a-z])/y;
  let total = 0;
  let parts = 0;
  while (part.lastIndex < text.length) {
    const match = part.exec(text);
    if (!match) return null;
    total += Number(match[1]) * DURATION_UNIT_MS[match[2]];
    parts++;
  }
  return parts > 0 && Number.isFinite(total) ? Math.round(total) : null;
}

const SIZE_UNIT_MIB: Record<string, number> = {
  kib: 1 / 1024,
  mib: 1,
  gib: 1024,
  tib: 1024 * 1024,
  kb: 1e3 / 2 ** 20,
  mb: 1e6 / 2 ** 20,
  gb: 1e9 / 2 ** 20,
  tb: 1e12 / 2 ** 20,
};

/** MiB (possibly fractional) from "512 MiB", "16 GiB", "2 GB" (decimal) …; a bare number is times `bareMiB`. */
export function parseSizeText(value: string, bareMiB: number): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]i?b)?\s*$/i.exec(value);
  if (!match) return null;
  return match[2] === undefined ? Number(match[1]) * bareMiB : Number(match[1]) * SIZE_UNIT_MIB[match[2].toLowerCase()];
}
