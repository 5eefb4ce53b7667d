/** Number formats shared by the factor, RoPE and special-case panels. */

/** A matrix entry: three significant digits, "−0.0123". */
export function formatEntry(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const abs = Math.abs(value);
  const text = abs >= 1e-3 && abs < 1e4 ? abs.toPrecision(3).replace(/\.?0+$/, '') : abs.toExponential(2);
  return `${value < 0 ? '−' : ''}${text}`;
}

/** An error or a tiny difference: "3.0e-8" (0 stays "0"). */
export function formatError(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return value === 0 ? '0' : value.toExponential(1);
}
