"use client";
// A moment as <time dateTime>. The server (and the first render in the browser) writes UTC, the
// same for every visitor; after hydration it shows the viewer's choice: their own zone (default),
// the page's zone, or UTC. With `withPageZone`, a time shown in the viewer's zone also gives the
// page's clock, e.g. "30 Nov 2026, 15:05 CET (09:05 America/New York)".
import { useContext, useSyncExternalStore } from "react";
import { dayIn, formatClockInZone, formatInZone, formatRangeInZone, formatUtc, isUtcZone, zoneName } from "@/components/time-format";
import { PageZoneContext, getViewerZone, getZoneMode, noSubscribe, subscribeZoneMode } from "@/components/time-zone-store";

const serverValue = () => null;

export function useDisplayZone(): { zone: string | null; viewerZone: string | null; pageZone: string } {
  const pageZone = useContext(PageZoneContext);
  const mode = useSyncExternalStore(subscribeZoneMode, getZoneMode, serverValue);
  const viewerZone = useSyncExternalStore(noSubscribe, getViewerZone, serverValue);
  if (mode === null || viewerZone === null) return { zone: null, viewerZone: null, pageZone };
  return { zone: mode === "utc" ? "UTC" : mode === "page" ? pageZone : viewerZone, viewerZone, pageZone };
}

export function Time({ date, className, withPageZone = false }: { date: Date; className?: string; withPageZone?: boolean }) {
  const { zone, pageZone } = useDisplayZone();
  const iso = date.toISOString();
  if (zone === null) {
    return (
      <time dateTime={iso} className={className}>
        {formatUtc(date)}
      </time>
    );
  }
  const text = formatInZone(date, zone);
  const same = zone === pageZone || (isUtcZone(zone) && isUtcZone(pageZone));
  const pageClock = withPageZone && !same ? ` (${formatClockInZone(date, pageZone, dayIn(date, zone))} ${zoneName(pageZone)})` : "";
  return (
    <time dateTime={iso} className={className} title={formatUtc(date)}>
      {text}
      {pageClock ? <span className="text-zinc-500 dark:text-zinc-400">{pageClock}</span> : null}
    </time>
  );
}

/** A span of time, e.g. "27 Nov 2026, 03:23 – 05:23 CET" (UTC until hydrated, like <Time>). */
export function TimeRange({ from, to, className }: { from: Date; to: Date; className?: string }) {
  const { zone } = useDisplayZone();
  return (
    <time dateTime={from.toISOString()} className={className} title={zone ? `${formatUtc(from)} – ${formatUtc(to)}` : undefined}>
      {formatRangeInZone(from, to, zone ?? "UTC")}
    </time>
  );
}
