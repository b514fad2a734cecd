/**
 * Number formatting for display (not for files: files keep full precision).
 */

/**
 * Format a number for a table cell: integers as they are, others with 4 significant
 * digits, very small or large magnitudes in exponent form; NaN as "NA".
 *
 * @example
 * formatNumber(3.14159); // "3.142"
 * formatNumber(1.2e-300); // "1.200e-300"
 * formatNumber(28265); // "28265"
 * formatNumber(NaN); // "NA"
 */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return "NA";
  if (!Number.isFinite(x)) return x > 0 ? "Inf" : "-Inf";
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return x.toExponential(3);
  return String(Number(x.toPrecision(4)));
}
