// Every public document computed from the snapshot: Statuspage API v2, the history feeds, the
// maintenance calendar, the badge and the widget. One entry point for the fast HTTP path and the
// Next route handlers alike; each body is computed once per snapshot (memo). Headers (CORS,
// Cache-Control, ETag) and HEAD are the HTTP layer's business, not this file's.
import { memo } from "@/lib/public/cache";
import type { PublicSnapshot } from "@/lib/public/snapshot";
import { V2_DOCUMENTS, type V2Path } from "@/lib/statuspage/v2";
import { historyAtom, historyRss } from "@/lib/feeds/history";
import { maintenanceCalendar } from "@/lib/feeds/ical";
import { statusBadge } from "@/lib/feeds/badge";
import { widgetScript } from "@/lib/feeds/widget";

export type PublicDocument = { status: number; contentType: string; body: string };

export const CONTENT_TYPES = {
  json: "application/json; charset=utf-8",
  rss: "application/rss+xml; charset=utf-8",
  atom: "application/atom+xml; charset=utf-8",
  ics: "text/calendar; charset=utf-8",
  svg: "image/svg+xml",
  js: "text/javascript; charset=utf-8",
} as const;

/** The prefix under which every unknown path answers a JSON 404. */
export const API_V2_PREFIX = "/api/v2";

type Source = { contentType: string; render: (s: PublicSnapshot) => string };

const json = (f: (s: PublicSnapshot) => object): Source => ({ contentType: CONTENT_TYPES.json, render: (s) => JSON.stringify(f(s)) });

const SOURCES = {
  ...(Object.fromEntries(Object.entries(V2_DOCUMENTS).map(([path, f]) => [path, json(f)])) as Record<V2Path, Source>),
  "/history.rss": { contentType: CONTENT_TYPES.rss, render: historyRss },
  "/history.atom": { contentType: CONTENT_TYPES.atom, render: historyAtom },
  "/maintenance.ics": { contentType: CONTENT_TYPES.ics, render: maintenanceCalendar },
  "/badge.svg": { contentType: CONTENT_TYPES.svg, render: statusBadge },
  "/widget.js": { contentType: CONTENT_TYPES.js, render: () => widgetScript() },
} satisfies Record<string, Source>;

export type PublicDocumentPath = keyof typeof SOURCES;

/** Every path publicDocument serves (besides the 404 for other /api/v2 paths). */
export const PUBLIC_DOCUMENT_PATHS = Object.keys(SOURCES) as readonly PublicDocumentPath[];

const NOT_FOUND: PublicDocument = Object.freeze({ status: 404, contentType: CONTENT_TYPES.json, body: JSON.stringify({ error: "Not found" }) });

function isSource(pathname: string): pathname is PublicDocumentPath {
  return Object.prototype.hasOwnProperty.call(SOURCES, pathname);
}

/** True for `/api/v2` and anything under it. */
export function isApiV2Path(pathname: string): boolean {
  return pathname === API_V2_PREFIX || pathname.startsWith(`${API_V2_PREFIX}/`);
}

/**
 * The document at `pathname` (a URL path without query string), or a JSON 404 for any other
 * path under /api/v2, or null for paths this module does not serve.
 */
export function publicDocument(snapshot: PublicSnapshot, pathname: string): PublicDocument | null {
  if (isSource(pathname)) {
    const source = SOURCES[pathname];
    // Frozen: the same object is handed to every request of this snapshot.
    return memo(snapshot, `publicDocument:${pathname}`, () =>
      Object.freeze({ status: 200, contentType: source.contentType, body: source.render(snapshot) }),
    );
  }
  // Not memoised per path: that would let anyone grow the memo with made-up paths.
  if (isApiV2Path(pathname)) return NOT_FOUND;
  return null;
}
