// The page-level status rollup and incident impact, exactly as Statuspage computes them
// (../shared/reference/statuspage/FORMATS.md, "Rollup"). Pure: used by the page, the API and tests.
import type { ComponentStatus, Impact, Indicator } from "@/lib/vocabulary";
import { COMPONENT_STATUS_RANK } from "@/lib/vocabulary";

export type Rollup = { indicator: Indicator; description: string };

export const OPERATIONAL: Rollup = { indicator: "none", description: "All Systems Operational" };

export function rollup(statuses: readonly ComponentStatus[]): Rollup {
  if (statuses.length === 0) return OPERATIONAL;
  if (statuses.length === 1) {
    switch (statuses[0]) {
      case "degraded_performance":
        return { indicator: "minor", description: "Partially Degraded Service" };
      case "partial_outage":
        return { indicator: "major", description: "Partial System Outage" };
      case "major_outage":
        return { indicator: "critical", description: "Major System Outage" };
      case "under_maintenance":
        return { indicator: "maintenance", description: "Service Under Maintenance" };
      default:
        return OPERATIONAL;
    }
  }
  const count = (s: ComponentStatus) => statuses.filter((x) => x === s).length;
  const n = statuses.length;
  const major = count("major_outage");
  const partial = count("partial_outage");
  const degraded = count("degraded_performance");
  if (major === n) return { indicator: "critical", description: "Major System Outage" };
  if (major > 0) return { indicator: "major", description: "Partial System Outage" };
  if (partial === n) return { indicator: "major", description: "Partial System Outage" };
  if (partial > 0) return { indicator: "minor", description: "Minor Service Outage" };
  if (degraded === n) return { indicator: "minor", description: "Degraded System Service" };
  if (degraded > 0) return { indicator: "minor", description: "Partially Degraded Service" };
  if (count("under_maintenance") > 0) return { indicator: "maintenance", description: "Service Under Maintenance" };
  return OPERATIONAL;
}

/** An incident's impact derived from the statuses it set on its components. */
export function impactFromComponents(statuses: readonly ComponentStatus[]): Impact {
  let worst: Impact = "none";
  const order: Impact[] = ["none", "minor", "major", "critical"];
  for (const s of statuses) {
    const i: Impact =
      s === "major_outage" ? "critical" : s === "partial_outage" ? "major" : s === "degraded_performance" ? "minor" : "none";
    if (order.indexOf(i) > order.indexOf(worst)) worst = i;
  }
  return worst;
}

/** A group's status is the worst of its children. */
export function worstStatus(statuses: readonly ComponentStatus[]): ComponentStatus {
  let worst: ComponentStatus = "operational";
  for (const s of statuses) if (COMPONENT_STATUS_RANK[s] > COMPONENT_STATUS_RANK[worst]) worst = s;
  return worst;
}
