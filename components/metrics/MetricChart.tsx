"use client";
// One metric's graph, Day / Week / Month.
//
// Without JavaScript (and until hydration): the server renders all three periods' SVGs and a
// CSS-only switch — three radio buttons (a native, keyboard-operable control: Tab to the group,
// arrow keys to choose) and `:has(:checked)` rules that show the chosen period's panel. Why not
// links (`?metric_period=week`): the public page is rendered once per change and served to every
// visitor from memory/CDN caches, so its HTML must not depend on the request; and why not
// <details>: three independent disclosures do not read as one choice. The extra bytes (two more
// paths per metric) compress well. Browsers without :has() still show the Day graph.
//
// With JavaScript: the radios become buttons with aria-pressed; choosing a period draws the data
// the page came with at once and fetches /metrics-display/<id>/<period>.json to bring it up to
// date. The plot is a slider (role="slider") for reading values: hover, or focus it and use the
// arrow keys, Home and End; a tooltip shows the bucket's time and value.
import { useId, useMemo, useRef, useState, useSyncExternalStore, type KeyboardEvent, type PointerEvent, type ReactNode } from "react";
import { PERIOD_IDS, PERIOD_NAMES, type PeriodId } from "@/lib/metrics/buckets";
import { chartModel, describeChart, formatTime, formatValue, PLOT_HEIGHT, PLOT_WIDTH, seriesFromDocument, type ChartMetric, type ChartModel, type ChartSeries } from "@/lib/metrics/chart";

type Props = { metric: ChartMetric; series: Record<PeriodId, ChartSeries> };

const noSubscribe = () => () => {};

export function MetricChart({ metric, series }: Props) {
  // false on the server and during hydration, true once this component runs in the browser.
  const hydrated = useSyncExternalStore(
    noSubscribe,
    () => true,
    () => false,
  );
  return hydrated ? <LiveChart metric={metric} initial={series} /> : <StaticChart metric={metric} series={series} />;
}

const SEGMENT = "rounded-md px-3 py-1 text-sm font-medium";
const SEGMENT_OFF = "text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800";
const SEGMENT_ON = "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900";
const SEGMENT_GROUP = "inline-flex gap-1 rounded-lg border border-zinc-200 p-0.5 dark:border-zinc-700";

// Spelled out in full so Tailwind finds every class. Day shows unless another period is checked.
const PANEL: Record<PeriodId, string> = {
  day: "group-has-[[value=week]:checked]/metric:hidden group-has-[[value=month]:checked]/metric:hidden",
  week: "hidden group-has-[[value=week]:checked]/metric:block",
  month: "hidden group-has-[[value=month]:checked]/metric:block",
};

function StaticChart({ metric, series }: Props) {
  const id = useId();
  return (
    <div className="group/metric space-y-2">
      <fieldset className={SEGMENT_GROUP}>
        <legend className="sr-only">Graph period for {metric.name}</legend>
        {PERIOD_IDS.map((p) => (
          <span key={p} className="relative">
            <input type="radio" name={`${id}period`} id={`${id}${p}`} value={p} defaultChecked={p === "day"} className="peer sr-only" />
            <label
              htmlFor={`${id}${p}`}
              className={`${SEGMENT} ${SEGMENT_OFF} block cursor-pointer peer-checked:bg-zinc-900 peer-checked:text-white peer-checked:hover:bg-zinc-900 peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-blue-600 dark:peer-checked:bg-zinc-100 dark:peer-checked:text-zinc-900 dark:peer-checked:hover:bg-zinc-100 dark:peer-focus-visible:outline-blue-400`}
            >
              {PERIOD_NAMES[p]}
            </label>
          </span>
        ))}
      </fieldset>
      {PERIOD_IDS.map((p) => (
        <div key={p} data-period={p} className={PANEL[p]}>
          <ChartFrame metric={metric} series={series[p]} model={chartModel(series[p], metric)} />
        </div>
      ))}
    </div>
  );
}

/** A period's current data from the public JSON (the same document other sites embed). */
async function fetchSeries(metricId: string, p: PeriodId): Promise<ChartSeries> {
  const res = await fetch(`/metrics-display/${encodeURIComponent(metricId)}/${p}.json`, { headers: { accept: "application/json" } });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const fresh = seriesFromDocument(await res.json(), p, Date.now());
  if (!fresh) throw new Error("unexpected document");
  return fresh;
}

function LiveChart({ metric, initial }: { metric: ChartMetric; initial: Record<PeriodId, ChartSeries> }) {
  const [period, setPeriod] = useState<PeriodId>("day");
  const [series, setSeries] = useState(initial);
  const [loading, setLoading] = useState(false);
  const [failed, setFailed] = useState(false);
  const latest = useRef(0);

  async function choose(p: PeriodId) {
    setPeriod(p);
    setFailed(false);
    setLoading(true);
    const request = ++latest.current;
    try {
      const fresh = await fetchSeries(metric.id, p);
      setSeries((s) => ({ ...s, [p]: fresh }));
    } catch {
      if (request === latest.current) setFailed(true);
    } finally {
      if (request === latest.current) setLoading(false);
    }
  }

  return (
    <div className="space-y-2">
      <div role="group" aria-label={`Graph period for ${metric.name}`} className={SEGMENT_GROUP}>
        {PERIOD_IDS.map((p) => (
          <button key={p} type="button" aria-pressed={p === period} onClick={() => void choose(p)} className={`${SEGMENT} ${p === period ? SEGMENT_ON : SEGMENT_OFF}`}>
            {PERIOD_NAMES[p]}
          </button>
        ))}
      </div>
      <InteractiveChart metric={metric} series={series[period]} busy={loading} />
      <p role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
        {failed ? "Could not refresh the graph; it shows the data from when the page was loaded." : ""}
      </p>
    </div>
  );
}

function InteractiveChart({ metric, series, busy }: { metric: ChartMetric; series: ChartSeries; busy: boolean }) {
  const model = useMemo(() => chartModel(series, metric), [series, metric]);
  const [active, setActive] = useState<number | null>(null);
  const n = model.points.length;
  // The period (or its data) changed under the cursor: forget the old position.
  const [shown, setShown] = useState(series);
  if (shown !== series) {
    setShown(series);
    setActive(null);
  }
  const index = active === null ? null : Math.min(active, n - 1);
  const point = index === null || index < 0 ? null : model.points[index]!;
  const text = (i: number) => {
    const p = model.points[i]!;
    return `${formatTime(p.t)}: ${formatValue(p.v, metric.decimalPlaces, metric.suffix)}`;
  };

  function nearest(e: PointerEvent<HTMLDivElement>): number | null {
    if (!n) return null;
    const box = e.currentTarget.getBoundingClientRect();
    const x = ((e.clientX - box.left) / Math.max(box.width, 1)) * 100;
    let best = 0;
    for (let i = 1; i < n; i++) if (Math.abs(model.points[i]!.x - x) < Math.abs(model.points[best]!.x - x)) best = i;
    return best;
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (!n) return;
    const from = index ?? n - 1;
    const step = e.shiftKey ? 12 : 1;
    const to: Record<string, number> = {
      ArrowLeft: from - step,
      ArrowDown: from - step,
      ArrowRight: from + step,
      ArrowUp: from + step,
      PageDown: from - 12,
      PageUp: from + 12,
      Home: 0,
      End: n - 1,
    };
    if (e.key === "Escape") return setActive(null);
    const next = to[e.key];
    if (next === undefined) return;
    e.preventDefault();
    setActive(Math.min(Math.max(next, 0), n - 1));
  }

  const overlay = n ? (
    <>
      <div
        role="slider"
        tabIndex={0}
        aria-label={`Read the values of ${metric.name}`}
        aria-valuemin={0}
        aria-valuemax={n - 1}
        aria-valuenow={index ?? n - 1}
        aria-valuetext={text(index ?? n - 1)}
        onKeyDown={onKeyDown}
        onFocus={() => setActive((a) => a ?? n - 1)}
        onBlur={() => setActive(null)}
        onPointerMove={(e) => setActive(nearest(e))}
        onPointerDown={(e) => setActive(nearest(e))}
        onPointerLeave={(e) => {
          if (document.activeElement !== e.currentTarget) setActive(null);
        }}
        className="absolute inset-0 cursor-crosshair touch-pan-y rounded-sm"
      />
      {point ? (
        <>
          <div aria-hidden="true" className="pointer-events-none absolute inset-y-0 w-px bg-zinc-400 dark:bg-zinc-500" style={{ left: `${point.x}%` }} />
          <div
            aria-hidden="true"
            className="pointer-events-none absolute size-2.5 -translate-x-1/2 -translate-y-1/2 rounded-full border-2 border-white bg-blue-600 dark:border-zinc-900 dark:bg-blue-400"
            style={{ left: `${point.x}%`, top: `${point.y}%` }}
          />
          <div
            aria-hidden="true"
            className={`pointer-events-none absolute top-0 z-10 -translate-y-[calc(100%+0.25rem)] whitespace-nowrap rounded-md bg-zinc-900 px-2 py-1 text-xs text-white shadow dark:bg-zinc-100 dark:text-zinc-900 ${
              point.x < 20 ? "" : point.x > 80 ? "-translate-x-full" : "-translate-x-1/2"
            }`}
            style={{ left: `${point.x}%` }}
          >
            <span className="font-semibold tabular-nums">{formatValue(point.v, metric.decimalPlaces, metric.suffix)}</span>
            <span className="text-zinc-300 dark:text-zinc-600"> · </span>
            {formatTime(point.t)}
          </div>
        </>
      ) : null}
    </>
  ) : null;

  return (
    <ChartFrame metric={metric} series={series} model={model} busy={busy}>
      {overlay}
    </ChartFrame>
  );
}

/** The graph: y labels, the SVG plot (line and area, gaps where buckets are empty), x labels. */
function ChartFrame({ metric, series, model, busy = false, children }: { metric: ChartMetric; series: ChartSeries; model: ChartModel; busy?: boolean; children?: ReactNode }) {
  const label = describeChart(metric, series);
  return (
    <figure className="m-0" aria-busy={busy || undefined}>
      <div className="flex gap-2 pt-8">
        {metric.yAxisHidden ? null : (
          <div aria-hidden="true" className="relative w-10 shrink-0 text-right text-xs tabular-nums text-zinc-600 dark:text-zinc-400">
            {model.yTicks.map((t) => (
              <span key={t.at} className="absolute right-0 translate-y-1/2 leading-none" style={{ bottom: `${t.at}%` }}>
                {t.label}
              </span>
            ))}
          </div>
        )}
        <div className={`relative h-40 min-w-0 flex-1 ${busy ? "opacity-70" : ""}`}>
          <svg
            role="img"
            aria-label={label}
            viewBox={`0 0 ${PLOT_WIDTH} ${PLOT_HEIGHT}`}
            preserveAspectRatio="none"
            className="absolute inset-0 h-full w-full overflow-visible"
          >
            <title>{label}</title>
            {model.yTicks.map((t) => (
              <line
                key={t.at}
                x1={0}
                x2={PLOT_WIDTH}
                y1={PLOT_HEIGHT * (1 - t.at / 100)}
                y2={PLOT_HEIGHT * (1 - t.at / 100)}
                vectorEffect="non-scaling-stroke"
                strokeWidth={1}
                className="stroke-zinc-200 dark:stroke-zinc-700"
              />
            ))}
            <path d={model.area} className="fill-blue-600/15 dark:fill-blue-400/20" />
            <path
              d={model.line}
              fill="none"
              strokeWidth={2}
              strokeLinejoin="round"
              strokeLinecap="round"
              vectorEffect="non-scaling-stroke"
              className="stroke-blue-600 dark:stroke-blue-400"
            />
          </svg>
          {model.points.length === 0 ? (
            <p className="absolute inset-0 flex items-center justify-center text-sm text-zinc-600 dark:text-zinc-400">No data for this period</p>
          ) : null}
          {children}
        </div>
      </div>
      <div aria-hidden="true" className={`relative mt-1 h-4 text-xs text-zinc-600 dark:text-zinc-400 ${metric.yAxisHidden ? "" : "ml-12"}`}>
        {model.xTicks.map((t) => (
          <span
            key={t.at}
            className={`absolute top-0 whitespace-nowrap ${t.at < 6 ? "" : t.at > 94 ? "-translate-x-full" : "-translate-x-1/2"}`}
            style={{ left: `${t.at}%` }}
          >
            {t.label}
          </span>
        ))}
      </div>
      <figcaption className="sr-only">Times in UTC.</figcaption>
    </figure>
  );
}
