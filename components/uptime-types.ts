// The uptime bars' data as sent to the browser (compact: zero minutes and empty lists left out).
export type UptimeBarDay = {
  /** "YYYY-MM-DD" (UTC). */
  d: string;
  /** Uptime percent, or null for a day without data. */
  u: number | null;
  /** Minutes of major outage, partial outage, degraded performance, maintenance. */
  maj?: number;
  par?: number;
  deg?: number;
  mnt?: number;
  /** Related incidents: [id, name]. */
  inc?: [string, string][];
};

export type UptimeBarsData = {
  days: UptimeBarDay[];
  /** The period's uptime as shown ("99.98"), or null without data. */
  percent: string | null;
};
