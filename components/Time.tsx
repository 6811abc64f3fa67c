const UTC = new Intl.DateTimeFormat("en-GB", {
  timeZone: "UTC",
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** A readable UTC time, e.g. "30 Nov 2026, 14:05 UTC". */
export function formatUtc(date: Date): string {
  return `${UTC.format(date)} UTC`;
}

/** A moment as a machine-readable <time> with a readable UTC string. */
export function Time({ date, className }: { date: Date; className?: string }) {
  return (
    <time dateTime={date.toISOString()} className={className}>
      {formatUtc(date)}
    </time>
  );
}
