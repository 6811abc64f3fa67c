"use client";
// 90 daily uptime bars for one component, with a tooltip per day (date, uptime, outage minutes,
// related incidents). One tab stop for the whole strip: arrow keys, Home and End move between
// days (roving tabindex); hover, focus or a tap shows the day's tooltip; Escape hides it.
// Phones show the last 30 days, small tablets 60, wider screens all 90 (CSS, globals.css).
import { PublicLink } from "@/components/PublicLink";
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { formatPercent } from "@/lib/uptime/format";
import { uptimeLevel } from "@/components/status-styles";
import { formatDay } from "@/components/time-format";
import type { UptimeBarDay, UptimeBarsData } from "@/components/uptime-types";

function duration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

function dayLabel(day: UptimeBarDay): string {
  const p = formatPercent(day.u);
  return `${formatDay(day.d)}: ${p === null ? "no data" : `${p}% uptime`}`;
}

function Tooltip({ day, id }: { day: UptimeBarDay; id: string }) {
  const percent = formatPercent(day.u);
  const rows: [string, number | undefined][] = [
    ["Major outage", day.maj],
    ["Partial outage", day.par],
    ["Degraded performance", day.deg],
    ["Maintenance", day.mnt],
  ];
  return (
    <div id={id} role="tooltip" className="rounded-md border border-zinc-200 bg-white p-3 text-left text-sm shadow-lg dark:border-zinc-700 dark:bg-zinc-800">
      <p className="font-semibold">{formatDay(day.d)}</p>
      <p className="text-zinc-700 dark:text-zinc-300">{percent === null ? "No data for this day" : `${percent}% uptime`}</p>
      {percent !== null ? (
        <ul className="mt-1 space-y-0.5 text-zinc-700 dark:text-zinc-300">
          {rows.map(([label, minutes]) => (minutes ? <li key={label}>{`${label}: ${duration(minutes)}`}</li> : null))}
          {!day.maj && !day.par ? <li>No outage recorded</li> : null}
        </ul>
      ) : null}
      {day.inc?.length ? (
        <div className="mt-2 border-t border-zinc-200 pt-2 dark:border-zinc-700">
          <p className="text-xs font-semibold tracking-wide text-zinc-600 uppercase dark:text-zinc-400">Related</p>
          <ul className="mt-1 space-y-1">
            {day.inc.map(([incidentId, name]) => (
              <li key={incidentId}>
                <PublicLink href={`/incidents/${incidentId}`} className="text-blue-700 underline dark:text-blue-300">
                  {name}
                </PublicLink>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

export function UptimeBars({ name, data }: { name: string; data: UptimeBarsData }) {
  const n = data.days.length;
  const [active, setActive] = useState(n - 1);
  const [open, setOpen] = useState<number | null>(null);
  const [pinned, setPinned] = useState(false);
  const [anchor, setAnchor] = useState(0);
  const container = useRef<HTMLDivElement>(null);
  const bars = useRef<(HTMLButtonElement | null)[]>([]);
  const closeTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const tooltipId = useId();

  const cancelClose = () => {
    if (closeTimer.current) clearTimeout(closeTimer.current);
    closeTimer.current = null;
  };
  useEffect(() => cancelClose, []);

  const show = useCallback((i: number) => {
    cancelClose();
    const el = bars.current[i];
    if (el) setAnchor(el.offsetLeft + el.offsetWidth / 2);
    setOpen(i);
  }, []);

  const hide = () => {
    cancelClose();
    setOpen(null);
    setPinned(false);
  };

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key === "Escape") {
      if (open !== null) e.stopPropagation();
      hide();
      return;
    }
    const visible = bars.current.map((el, i) => (el && el.getClientRects().length > 0 ? i : -1)).filter((i) => i >= 0);
    if (visible.length === 0) return;
    const pos = Math.max(0, visible.indexOf(active));
    let next: number | undefined;
    if (e.key === "ArrowLeft" || e.key === "ArrowDown") next = visible[Math.max(0, pos - 1)];
    else if (e.key === "ArrowRight" || e.key === "ArrowUp") next = visible[Math.min(visible.length - 1, pos + 1)];
    else if (e.key === "Home") next = visible[0];
    else if (e.key === "End") next = visible.at(-1);
    if (next === undefined) return;
    e.preventDefault();
    setActive(next);
    bars.current[next]?.focus();
  }

  const openDay = open === null ? null : data.days[open];
  return (
    <div
      ref={container}
      className="relative mt-2"
      onMouseLeave={() => {
        if (pinned || container.current?.contains(document.activeElement)) return;
        cancelClose();
        closeTimer.current = setTimeout(() => setOpen(null), 120);
      }}
      onMouseEnter={cancelClose}
      onBlur={(e) => {
        if (!container.current?.contains(e.relatedTarget as Node | null)) hide();
      }}
      onKeyDown={onKeyDown}
    >
      {/* Styled in globals.css (.uptime-bars): 450 bars a page, so no per-bar utility classes. */}
      <div role="group" aria-label={`${name}: uptime for each of the last ${n} days`} className="uptime-bars">
        {data.days.map((day, i) => (
          <button
            key={day.d}
            ref={(el) => {
              bars.current[i] = el;
            }}
            type="button"
            tabIndex={i === active ? 0 : -1}
            aria-label={dayLabel(day)}
            aria-describedby={open === i ? tooltipId : undefined}
            data-l={uptimeLevel(day.u)}
            onMouseEnter={() => show(i)}
            onFocus={() => {
              setActive(i);
              show(i);
            }}
            onClick={() => {
              if (pinned && open === i) return hide();
              show(i);
              setPinned(true);
            }}
          />
        ))}
      </div>
      <div className="mt-1.5 flex items-center justify-between gap-2 text-xs text-zinc-600 dark:text-zinc-400">
        <span>
          <span className="sm:hidden">30 days ago</span>
          <span className="hidden sm:inline md:hidden">60 days ago</span>
          <span className="hidden md:inline">90 days ago</span>
        </span>
        <span aria-hidden className="h-px flex-1 bg-zinc-200 dark:bg-zinc-700" />
        <span>{data.percent === null ? "No data yet" : `${data.percent}% uptime`}</span>
        <span className="sr-only"> over the last {n} days</span>
        <span aria-hidden className="h-px flex-1 bg-zinc-200 dark:bg-zinc-700" />
        <span>Today</span>
      </div>
      {openDay ? (
        // The padding bridges the gap between bar and tooltip, so the pointer can reach its links.
        <div
          className="absolute bottom-full z-20 w-64 max-w-full pb-2"
          style={{ left: `clamp(0px, calc(${anchor}px - 8rem), calc(100% - 16rem))` }}
          onMouseEnter={cancelClose}
        >
          <Tooltip day={openDay} id={tooltipId} />
        </div>
      ) : null}
    </div>
  );
}
