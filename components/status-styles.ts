// How each status looks (colours only; the words come from lib/vocabulary.ts).
// Status is always shown as colour AND text, never colour alone.
import type { ComponentStatus, Impact, Indicator } from "@/lib/vocabulary";

/** Text colour for a component status's icon and label (AA contrast on the page background in both modes). */
export const COMPONENT_STATUS_TEXT: Record<ComponentStatus, string> = {
  operational: "text-green-700 dark:text-green-400",
  degraded_performance: "text-yellow-700 dark:text-yellow-300",
  partial_outage: "text-orange-700 dark:text-orange-400",
  major_outage: "text-red-700 dark:text-red-400",
  under_maintenance: "text-blue-700 dark:text-blue-400",
};

/** The page banner for each indicator: none=green, minor=yellow, major=orange, critical=red, maintenance=blue. */
export const INDICATOR_BANNER: Record<Indicator, string> = {
  none: "bg-green-700 text-white dark:bg-green-800",
  minor: "bg-yellow-300 text-yellow-950 dark:bg-yellow-400",
  major: "bg-orange-700 text-white dark:bg-orange-700",
  critical: "bg-red-700 text-white dark:bg-red-800",
  maintenance: "bg-blue-700 text-white dark:bg-blue-800",
};

/** A coloured edge for an incident card, by impact. */
export const IMPACT_BORDER: Record<Impact, string> = {
  none: "border-l-zinc-400 dark:border-l-zinc-500",
  minor: "border-l-yellow-400 dark:border-l-yellow-400",
  major: "border-l-orange-600 dark:border-l-orange-500",
  critical: "border-l-red-600 dark:border-l-red-500",
  maintenance: "border-l-blue-600 dark:border-l-blue-500",
};

/** Text colour of an incident's name, by impact. */
export const IMPACT_TEXT: Record<Impact, string> = {
  none: "text-zinc-900 dark:text-zinc-100",
  minor: "text-yellow-800 dark:text-yellow-300",
  major: "text-orange-700 dark:text-orange-400",
  critical: "text-red-700 dark:text-red-400",
  maintenance: "text-blue-700 dark:text-blue-400",
};

/**
 * A day's uptime bar level (styled in globals.css, `.uptime-bars [data-l]`): green with no down
 * time, then yellow → orange → red as down time grows, grey without data. Never the only cue:
 * each bar has a label and a tooltip in words.
 */
export type UptimeLevel = "nd" | "up" | "99" | "95" | "80" | "0";
export function uptimeLevel(uptime: number | null): UptimeLevel {
  if (uptime === null) return "nd";
  if (uptime >= 100) return "up";
  if (uptime >= 99) return "99";
  if (uptime >= 95) return "95";
  if (uptime >= 80) return "80";
  return "0";
}
