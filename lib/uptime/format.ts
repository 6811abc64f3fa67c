// How uptime percentages read on the page (shared with the browser: no imports).

/**
 * A percentage as shown: at most two decimals, rounded down so that down time never reads as
 * 100 ("99.99", "99.5", "100", "0"). Null (no data) → null.
 */
export function formatPercent(p: number | null): string | null {
  if (p === null) return null;
  if (p >= 100) return "100";
  return String(Math.max(0, Math.floor(p * 100 + 1e-9) / 100));
}
