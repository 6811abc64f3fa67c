// The viewer's choice of time zone for times on the public pages ("local", the page's, or UTC),
// kept in localStorage and shared by every <Time> through useSyncExternalStore. Browser-only
// state: the server never sees it, so the cached HTML stays the same for everyone.
import { createContext } from "react";

export type ZoneMode = "local" | "page" | "utc";

const KEY = "herald.timeZone";
const listeners = new Set<() => void>();

function read(): ZoneMode {
  try {
    const v = window.localStorage.getItem(KEY);
    return v === "page" || v === "utc" ? v : "local";
  } catch {
    return "local";
  }
}

let current: ZoneMode | null = null;

export function getZoneMode(): ZoneMode {
  return (current ??= read());
}

export function setZoneMode(mode: ZoneMode): void {
  current = mode;
  try {
    window.localStorage.setItem(KEY, mode);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  for (const l of listeners) l();
}

export function subscribeZoneMode(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => {
    if (e.key !== KEY) return;
    current = read();
    listener();
  };
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}

let viewer: string | null = null;
/** The browser's own time zone. */
export function getViewerZone(): string {
  if (viewer === null) {
    try {
      viewer = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
    } catch {
      viewer = "UTC";
    }
  }
  return viewer;
}

export const noSubscribe = () => () => undefined;

/** The page's own time zone (from page settings), provided by the public pages. */
export const PageZoneContext = createContext<string>("UTC");
