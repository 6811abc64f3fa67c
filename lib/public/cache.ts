// The public snapshot, cached in memory on each web process and rebuilt when the database says
// something public changed: every such write fires a NOTIFY (triggers in the
// *_public_change_notify migration), delivered to every process's LISTEN connection at commit.
// Requests never wait on the database while a snapshot exists: a rebuild takes tens of ms and
// the previous snapshot is served meanwhile. A lost LISTEN connection is re-opened and followed by
// a rebuild (notifications sent while it was down are not replayed); a slow periodic rebuild
// catches what depends on the clock alone (the 90-day window, the 14-day list).
import { createHash } from "node:crypto";
import pg from "pg";
import { loadPublicSnapshot, type PublicSnapshot } from "@/lib/public/snapshot";

/** "page": something public was written; "tick": a rebuild the clock alone caused (the uptime of
 * today, the 14-day window); "metrics": metric points were written. */
export type ChangeKind = "page" | "tick" | "metrics";
type Listener = (kind: ChangeKind, snapshot: PublicSnapshot | null) => void;

type State = {
  snapshot: PublicSnapshot | null;
  building: Promise<PublicSnapshot> | null;
  rebuildQueued: "page" | "tick" | null;
  version: number;
  listeners: Set<Listener>;
  listen: { started: boolean; client: pg.Client | null; stopped: boolean };
  timer: NodeJS.Timeout | null;
  memo: WeakMap<PublicSnapshot, Map<string, unknown>>;
  metricsVersion: number;
  metricsEvent: { at: number; timer: NodeJS.Timeout | null };
};

// On globalThis: the Next.js bundle and the web server script load separate copies of this
// module in one process; both must see one cache.
const g = globalThis as unknown as { __heraldPublicCache?: State };
const state: State = (g.__heraldPublicCache ??= {
  snapshot: null,
  building: null,
  rebuildQueued: null,
  version: 0,
  listeners: new Set(),
  listen: { started: false, client: null, stopped: false },
  timer: null,
  memo: new WeakMap(),
  metricsVersion: 0,
  metricsEvent: { at: 0, timer: null },
});

const PERIODIC_REBUILD_MS = 60_000;
/** Metric points arrive every few seconds while a fan-out runs: listeners hear of them at most this often. */
const METRICS_EVENT_MS = 10_000;

/** New metric points: caches keyed on metricsVersion() see them at once; listeners within METRICS_EVENT_MS. */
function metricsChanged(): void {
  state.metricsVersion++;
  const fire = () => {
    state.metricsEvent = { at: Date.now(), timer: null };
    for (const l of state.listeners) safely(() => l("metrics", state.snapshot));
  };
  const wait = state.metricsEvent.at + METRICS_EVENT_MS - Date.now();
  if (wait <= 0) fire();
  else if (!state.metricsEvent.timer) {
    state.metricsEvent.timer = setTimeout(fire, wait);
    state.metricsEvent.timer.unref();
  }
}

function rebuild(kind: "page" | "tick" = "page"): Promise<PublicSnapshot> {
  if (state.building) {
    // A change arrived while building: build once more when this one is done.
    state.rebuildQueued = state.rebuildQueued === "page" || kind === "page" ? "page" : "tick";
    return state.building;
  }
  state.building = loadPublicSnapshot(state.version + 1)
    .then((snapshot) => {
      // A write that left what the public sees as it was (a fan-out's bookkeeping, a NOTIFY for a
      // row nobody shows) is no change: the current snapshot stays, with its renders, and no
      // event goes to the open pages. A rebuild for the clock alone always replaces it.
      const previous = state.snapshot;
      if (kind === "page" && previous && contentStamp(snapshot) === contentStamp(previous)) return previous;
      state.version = snapshot.version;
      state.snapshot = snapshot;
      for (const l of state.listeners) safely(() => l(kind, snapshot));
      return snapshot;
    })
    .finally(() => {
      state.building = null;
      const queued = state.rebuildQueued;
      if (queued) {
        state.rebuildQueued = null;
        void rebuild(queued).catch(logError);
      }
    });
  return state.building;
}

function safely(fn: () => void): void {
  try {
    fn();
  } catch (e) {
    logError(e);
  }
}

function logError(e: unknown): void {
  console.error(`[public-cache] ${(e as Error)?.message || String(e)}`);
}

async function listen(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url || state.listen.stopped) return;
  const client = new pg.Client({ connectionString: url, application_name: "herald-public-cache" });
  state.listen.client = client;
  let reconnecting = false;
  const reconnect = () => {
    if (reconnecting || state.listen.stopped) return;
    reconnecting = true;
    state.listen.client = null;
    client.end().catch(() => undefined);
    setTimeout(() => void listen().catch(logError), 1_000).unref();
  };
  client.on("error", reconnect);
  client.on("end", reconnect);
  client.on("notification", (msg) => {
    if (msg.channel !== "herald_public_change") return;
    if (msg.payload === "metrics") metricsChanged();
    else {
      void rebuild().catch(logError);
    }
  });
  try {
    await client.connect();
    await client.query("LISTEN herald_public_change");
  } catch (e) {
    logError(e);
    reconnect();
    return;
  }
  // Anything may have changed while we were not listening (metric points too).
  metricsChanged();
  void rebuild().catch(logError);
}

/** Start listening for changes (idempotent). Called by the web server at start-up and on first use. */
export function startPublicCache(): void {
  if (state.listen.started) return;
  state.listen.started = true;
  state.listen.stopped = false;
  void listen().catch(logError);
  state.timer = setInterval(() => void rebuild("tick").catch(logError), PERIODIC_REBUILD_MS);
  state.timer.unref();
}

export async function stopPublicCache(): Promise<void> {
  state.listen.stopped = true;
  state.listen.started = false;
  if (state.timer) clearInterval(state.timer);
  state.timer = null;
  await state.listen.client?.end().catch(() => undefined);
  state.listen.client = null;
  await state.building?.catch(() => undefined);
}

/** The current snapshot; the first call in a process waits for it to be built. */
export async function getPublicSnapshot(): Promise<PublicSnapshot> {
  startPublicCache();
  return state.snapshot ?? state.building ?? rebuild();
}

/** The current snapshot without waiting (null before the first build): the hot path's fast lane. */
export function currentPublicSnapshot(): PublicSnapshot | null {
  return state.snapshot;
}

/** A snapshot built after this call (tests, and right after a write in this process). */
export async function refreshPublicSnapshot(): Promise<PublicSnapshot> {
  // A build under way may have started before the caller's write: wait for it, then build anew.
  if (state.building) await state.building.catch(() => undefined);
  return rebuild();
}

/** Called with every new snapshot ("page") and every metrics change ("metrics"). */
export function onPublicChange(listener: Listener): () => void {
  state.listeners.add(listener);
  return () => state.listeners.delete(listener);
}

/** Bumped on every metrics change: part of the cache key of anything computed from metric points. */
export function metricsVersion(): number {
  return state.metricsVersion;
}

/** A value computed once per snapshot (a view model, the bytes of a JSON document, an ETag). */
export function memo<T>(snapshot: PublicSnapshot, key: string, compute: () => T): T {
  let m = state.memo.get(snapshot);
  if (!m) state.memo.set(snapshot, (m = new Map()));
  if (!m.has(key)) m.set(key, compute());
  return m.get(key) as T;
}

/**
 * A fingerprint of what a snapshot shows, the same in every web process for the same data (the
 * version is per process). A page carries the stamp it was rendered from and the event stream
 * says the current one on connect, so a page served just before a change (a front's or a CDN's
 * copy, up to 5 s old) notices at once, even when the change did not move the page's status.
 */
export function contentStamp(snapshot: PublicSnapshot): string {
  return memo(snapshot, "stamp", () => {
    const { version: _version, builtAt: _builtAt, ...content } = snapshot;
    return createHash("sha1").update(JSON.stringify(content)).digest("base64url").slice(0, 16);
  });
}

/** Drop a memoised value (a failed computation that should be tried again). */
export function forget(snapshot: PublicSnapshot, key: string): void {
  state.memo.get(snapshot)?.delete(key);
}
