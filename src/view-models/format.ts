/**
 * The number formats every explorer view shares, so a table cell, a chart label and a sentence show the
 * same value the same way. All en-US; byte units are decimal (1 GB = 10^9 bytes, as the budget knob is).
 */

const INTEGER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const THREE_SIGNIFICANT = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 3 });
const COMPACT = new Intl.NumberFormat('en-US', { notation: 'compact', maximumSignificantDigits: 3 });

/** A signed difference in nats to 3 decimals, with a true minus sign: 0.05 → "+0.050", −0.012 → "−0.012". */
export function formatSignedNats(x: number): string {
  return `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(3)}`;
}

/** Whole numbers with thousands separators: 4352 → "4,352". */
export function formatInteger(value: number): string {
  return INTEGER.format(value);
}

/** Three significant digits: 11.102 → "11.1", 0.09007 → "0.0901". */
export function formatSignificant(value: number): string {
  return THREE_SIGNIFICANT.format(value);
}

/** A multiplier: 11.102 → "11.1×". */
export function formatRatio(value: number): string {
  return `${formatSignificant(value)}×`;
}

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB'] as const;

/** Bytes in the largest decimal unit that keeps the value ≥ 1: 308281344 → "308 MB", 24e9 → "24 GB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes <= 0) return `${formatSignificant(Math.max(0, bytes) || 0)} B`;
  let unit = 0;
  let value = bytes;
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  // 999.6 KB rounds to "1,000 KB" at three digits; step up a unit instead.
  if (formatSignificant(value) === '1,000' && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${formatSignificant(value)} ${BYTE_UNITS[unit]}`;
}

/** Token counts in short form: 2551020 → "2.55M", 32768 → "32.8K", 512 → "512". */
export function formatTokensCompact(tokens: number): string {
  return COMPACT.format(tokens);
}

/**
 * A context length that is a power-of-two multiple of 1,024, in the binary shorthand people use for
 * context windows: 1024 → "1K", 32768 → "32K", 2^20 → "1M". Other values fall back to grouping.
 */
export function formatContextLength(tokens: number): string {
  if (tokens >= 1 << 20 && tokens % (1 << 20) === 0) return `${tokens / (1 << 20)}M`;
  if (tokens >= 1024 && tokens % 1024 === 0) return `${tokens / 1024}K`;
  return formatInteger(tokens);
}

/** Memory budgets are whole GB (10^9 bytes): 24 → "24 GB". */
export function formatGB(gb: number): string {
  return `${formatInteger(gb)} GB`;
}

/**
 * How a size compares with another, from their ratio: "11.1× smaller than MHA", "1.2× larger than
 * MQA's 128", or "the same size as MHA" when the ratio rounds to 1.
 */
export function formatComparison(ratio: number, other: string): string {
  if (ratio < 1 && formatRatio(1 / ratio) !== '1×') return `${formatRatio(1 / ratio)} smaller than ${other}`;
  if (ratio > 1 && formatRatio(ratio) !== '1×') return `${formatRatio(ratio)} larger than ${other}`;
  return `the same size as ${other}`;
}

/** An estimate, rounded to what matters: "45 s", "4 min", "1 h 20 min". */
export function formatRoughDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 90) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  return `${Math.floor(min / 60)} h ${min % 60} min`;
}

/** A duration for people: 850 → "0.9 s", 95_000 → "1 min 35 s", 4_000_000 → "1 h 7 min". */
export function formatDuration(ms: number): string {
  const s = ms / 1000;
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 60) return `${Math.round(s)} s`;
  const totalMin = Math.floor(s / 60);
  if (totalMin < 60) return `${totalMin} min ${Math.round(s - totalMin * 60)} s`;
  return `${Math.floor(totalMin / 60)} h ${totalMin % 60} min`;
}
