"use client";
// Keeps a public page current without a reload. The server's event stream (/events) says when the
// public snapshot changed; the page then asks Next.js for a fresh render of itself
// (router.refresh(), which keeps scroll position, open groups and the time-zone choice).
//
// A snapshot is also rebuilt when nothing visible changed (the server's periodic rebuild), and a
// refresh is an uncached render per visitor. So before refreshing, the page revalidates its own
// cached HTML (a conditional GET, answered 304 from the server's memory) and refreshes only when
// the ETag moved. Without ETags (another server in front), every change refreshes. A rebuild
// caused by the clock alone (kind "tick") is caught up within 5 minutes, not all at once.
//
// The page carries the content stamp of the snapshot it was rendered from; the stream says the
// current one when it connects. A page served from a copy made just before a change (the front's
// or a CDN's, up to 5 s old) refreshes at once, even if the change left the status as it was.
//
// If the stream is unavailable (it fails three times running, or the server refuses it), the page
// polls /api/v2/status.json (and its own ETag) every 30 s instead, and tries the stream again
// every 5 minutes. It also keeps the tab's title and favicon in step with the page's status.
import { startTransition, useEffect, useRef } from "react";
import { useRouter } from "next/navigation";
import type { Indicator } from "@/lib/vocabulary";
import { METRICS_CHANGE_EVENT, faviconHref } from "@/components/live-events";

const POLL_MS = 30_000;
const STREAM_RETRY_MS = 5 * 60_000;
const MAX_STREAM_ERRORS = 3;
/** Spread a crowd's requests over a second so they do not all arrive at once. */
const JITTER_MS = 1_000;
/** A rebuild that only the clock caused (kind "tick"): catch up some time within this. */
const TICK_SPREAD_MS = 5 * 60_000;

type StreamMessage = { version?: number; kind?: string; stamp?: string; status?: { indicator?: string; description?: string } };

function parse(e: Event): StreamMessage {
  try {
    return JSON.parse(String((e as MessageEvent).data)) as StreamMessage;
  } catch {
    return {};
  }
}

/** This page's current ETag from the server (a cheap conditional request), or null if it has none. */
async function pageEtag(): Promise<string | null> {
  try {
    const r = await fetch(window.location.pathname + window.location.search, { cache: "no-cache", headers: { accept: "text/html" } });
    void r.body?.cancel().catch(() => undefined);
    return r.ok ? r.headers.get("etag") : null;
  } catch {
    return null;
  }
}

export function LiveUpdates({ indicator, description, title, stamp }: { indicator: Indicator; description: string; title: string; stamp: string }) {
  const router = useRouter();
  const rendered = useRef({ indicator, description, stamp });

  useEffect(() => {
    rendered.current = { indicator, description, stamp };
  }, [indicator, description, stamp]);

  // Title and favicon follow the status (Next updates <head> on refresh; this makes sure of it).
  useEffect(() => {
    const href = faviconHref(indicator);
    for (const link of document.querySelectorAll<HTMLLinkElement>('link[rel~="icon"]')) {
      if (link.getAttribute("href") !== href) link.setAttribute("href", href);
    }
    if (document.title !== title) document.title = title;
  }, [indicator, title]);

  useEffect(() => {
    let stopped = false;
    let source: EventSource | null = null;
    let errors = 0;
    let seen: number | null = null;
    let etag: string | null | undefined; // undefined: not known yet
    let lastPoll: string | null = null;
    let pollTimer: ReturnType<typeof setInterval> | null = null;
    const timers = new Set<ReturnType<typeof setTimeout>>();
    const later = (fn: () => void, ms: number) => {
      const t = setTimeout(() => {
        timers.delete(t);
        fn();
      }, ms);
      timers.add(t);
    };

    let refreshing = false;
    const refresh = () => {
      if (stopped || refreshing) return;
      refreshing = true;
      startTransition(() => router.refresh());
      later(() => (refreshing = false), 250);
    };

    /** Refresh if the page's HTML changed (or if that cannot be told). */
    let checking = false;
    const refreshIfChanged = async (force = false) => {
      if (checking) return;
      checking = true;
      try {
        const now = await pageEtag();
        const changed = force || now === null || etag === undefined || now !== etag;
        etag = now;
        if (changed) refresh();
      } finally {
        checking = false;
      }
    };
    const onChange = () => later(() => void refreshIfChanged(), Math.random() * JITTER_MS);

    const poll = async () => {
      let differs = false;
      try {
        const r = await fetch("/api/v2/status.json", { cache: "no-store", headers: { accept: "application/json" } });
        if (!r.ok) throw new Error(`status.json answered ${r.status}`);
        const body = (await r.json()) as { page?: { updated_at?: string }; status?: { indicator?: string; description?: string } };
        const key = JSON.stringify([body.status?.indicator, body.status?.description, body.page?.updated_at]);
        differs =
          lastPoll === null
            ? body.status?.indicator !== rendered.current.indicator || body.status?.description !== rendered.current.description
            : key !== lastPoll;
        lastPoll = key;
      } catch {
        // No status API: the page's own ETag still tells.
      }
      // Incident updates change the page without changing the status: check the page too.
      await refreshIfChanged(differs);
    };

    const startPolling = () => {
      if (pollTimer || stopped) return;
      pollTimer = setInterval(() => void poll(), POLL_MS);
      void poll();
    };
    const stopPolling = () => {
      if (pollTimer) clearInterval(pollTimer);
      pollTimer = null;
      lastPoll = null;
    };

    const connect = () => {
      if (stopped) return;
      if (typeof EventSource === "undefined") return startPolling();
      const es = new EventSource("/events");
      source = es;
      es.addEventListener("hello", (e) => {
        errors = 0;
        stopPolling();
        const { version, status, stamp } = parse(e);
        if (typeof stamp === "string" && stamp !== rendered.current.stamp) {
          // The page was served before the latest change (or a change was missed while reconnecting).
          refresh();
        } else if (seen === null) {
          // First contact with a server that sends no stamp: the status, at least, must match.
          if (status && (status.indicator !== rendered.current.indicator || status.description !== rendered.current.description)) refresh();
        } else if (version !== seen) {
          // Reconnected after missing changes: those the clock alone made show in the page's ETag.
          onChange();
        }
        if (typeof version === "number") seen = version;
      });
      es.addEventListener("change", (e) => {
        errors = 0;
        const data = parse(e);
        if (typeof data.version === "number") seen = data.version;
        if (data.kind === "metrics") {
          // Metric points changed: the graphs reload their own data.
          window.dispatchEvent(new CustomEvent(METRICS_CHANGE_EVENT, { detail: data }));
          return;
        }
        if (data.kind === "tick") {
          // Rebuilt because time passed (today's uptime, a new day): no hurry, spread the crowd.
          later(() => void refreshIfChanged(), Math.random() * TICK_SPREAD_MS);
          return;
        }
        // A change of status is certain: no need to ask.
        const s = data.status;
        if (s && (s.indicator !== rendered.current.indicator || s.description !== rendered.current.description)) {
          later(refresh, Math.random() * JITTER_MS);
          etag = undefined;
          later(() => void pageEtag().then((e) => (etag = e)), 2_000 + Math.random() * JITTER_MS);
        } else {
          onChange();
        }
      });
      es.onerror = () => {
        errors++;
        if (es.readyState !== EventSource.CLOSED && errors < MAX_STREAM_ERRORS) return; // the browser reconnects by itself
        es.close();
        if (source === es) source = null;
        startPolling();
        later(connect, STREAM_RETRY_MS);
      };
    };

    // When a hidden tab comes back while polling, catch up at once.
    const onVisible = () => {
      if (document.visibilityState === "visible" && pollTimer) void poll();
    };
    document.addEventListener("visibilitychange", onVisible);
    connect();
    // Learn the page's ETag a little after load (off the critical path), to compare later ones with.
    later(() => {
      if (etag === undefined) void pageEtag().then((e) => (etag === undefined ? (etag = e) : undefined));
    }, 3_000 + Math.random() * 7_000);

    return () => {
      stopped = true;
      source?.close();
      stopPolling();
      for (const t of timers) clearTimeout(t);
      timers.clear();
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [router]);

  return null;
}
