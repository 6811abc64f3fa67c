"use client";
// Lets a visitor choose the zone times are shown in: their own (default), the page's, or UTC.
// Rendered in the browser only (the server cannot know the visitor's zone): the cached HTML says
// "Times are in UTC", which is what it shows.
import { useId, useSyncExternalStore } from "react";
import { useDisplayZone } from "@/components/Time";
import { isUtcZone, zoneName } from "@/components/time-format";
import { getZoneMode, setZoneMode, subscribeZoneMode, type ZoneMode } from "@/components/time-zone-store";

export function TimeZoneSwitch() {
  const id = useId();
  const { viewerZone, pageZone } = useDisplayZone();
  const mode = useSyncExternalStore(subscribeZoneMode, getZoneMode, () => null);
  if (viewerZone === null || mode === null) return <p>Times are in UTC.</p>;
  const options: { value: ZoneMode; label: string }[] = [{ value: "local", label: `Your time zone (${zoneName(viewerZone)})` }];
  if (pageZone !== viewerZone && !isUtcZone(pageZone)) options.push({ value: "page", label: `This page's time zone (${zoneName(pageZone)})` });
  if (!isUtcZone(viewerZone)) options.push({ value: "utc", label: "UTC" });
  if (options.length === 1) return <p>Times are in UTC.</p>;
  const value = options.some((o) => o.value === mode) ? mode : "local";
  return (
    <p className="flex flex-wrap items-center gap-2">
      <label htmlFor={id}>Show times in</label>
      <select
        id={id}
        value={value}
        onChange={(e) => setZoneMode(e.target.value as ZoneMode)}
        className="rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm text-zinc-900 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </p>
  );
}
