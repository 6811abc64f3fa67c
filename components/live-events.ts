// Shared by the server render and the browser: where each status's favicon lives, and the DOM
// event the live-update component fires when metric points change (for the metric graphs).
import type { Indicator } from "@/lib/vocabulary";

export const METRICS_CHANGE_EVENT = "herald:metrics-change";

export function faviconHref(indicator: Indicator): string {
  return `/favicon/${indicator}.svg`;
}
