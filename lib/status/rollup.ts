// The page-level status rollup and incident impact, exactly as Statuspage computes them
// (docs/formats.md, "The rollup"). Pure: used by the page, the API and tests.
import type { ComponentStatus, Impact, Indicator } from "@/lib/vocabulary";
import { COMPONENT_STATUS_RANK } from "@/lib/vocabulary";

export type Rollup = { indicator: Indicator; description: string };

// Every rollup Statuspage reports, spelled once.
const R = {
  operational: { indicator: "none", description: "All Systems Operational" },
  partiallyDegraded: { indicator: "minor", description: "Partially Degraded Service" },
  degraded: { indicator: "minor", description: "Degraded System Service" },
  minorOutage: { indicator: "minor", description: "Minor Service Outage" },
  partialOutage: { indicator: "major", description: "Partial System Outage" },
  majorOutage: { indicator: "critical", description: "Major System Outage" },
  maintenance: { indicator: "maintenance", description: "Service Under Maintenance" },
} as const satisfies Record<string, Rollup>;

export const OPERATIONAL: Rollup = R.operational;

export function rollup(statuses: readonly ComponentStatus[]): Rollup {
  if (statuses.length === 0) return R.operational;
  if (statuses.length === 1) {
    switch (statuses[0]) {
      case "degraded_performance":
        return R.partiallyDegraded;
      case "partial_outage":
        return R.partialOutage;
      case "major_outage":
        return R.majorOutage;
      case "under_maintenance":
        return R.maintenance;
      default:
        return R.operational;
    }
  }
  const count = (s: ComponentStatus) => statuses.filter((x) => x === s).length;
  const n = statuses.length;
  const major = count("major_outage");
  const partial = count("partial_outage");
  const degraded = count("degraded_performance");
  if (major === n) return R.majorOutage;
  if (major > 0) return R.partialOutage;
  if (partial === n) return R.partialOutage;
  if (partial > 0) return R.minorOutage;
  if (degraded === n) return R.degraded;
  if (degraded > 0) return R.partiallyDegraded;
  if (count("under_maintenance") > 0) return R.maintenance;
  return R.operational;
}

const IMPACT_ORDER: readonly Impact[] = ["none", "maintenance", "minor", "major", "critical"];
const IMPACT_ROLLUP: Record<Impact, Rollup> = {
  none: R.operational,
  maintenance: R.maintenance,
  minor: R.minorOutage,
  major: R.partialOutage,
  critical: R.majorOutage,
};

/** A page without components follows the worst impact among its open incidents. */
export function rollupFromImpacts(impacts: readonly Impact[]): Rollup {
  let worst: Impact = "none";
  for (const i of impacts) if (IMPACT_ORDER.indexOf(i) > IMPACT_ORDER.indexOf(worst)) worst = i;
  return IMPACT_ROLLUP[worst];
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
