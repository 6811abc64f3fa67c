// lib/status/rollup.ts against every rule of docs/formats.md, "The rollup".
import { describe, expect, it } from "vitest";
import { impactFromComponents, OPERATIONAL, rollup, worstStatus } from "@/lib/status/rollup";
import type { ComponentStatus } from "@/lib/vocabulary";

const r = (...s: ComponentStatus[]) => rollup(s);

describe("rollup: no components", () => {
  it("is operational", () => {
    expect(r()).toEqual({ indicator: "none", description: "All Systems Operational" });
    expect(OPERATIONAL).toEqual({ indicator: "none", description: "All Systems Operational" });
  });
});

describe("rollup: one component", () => {
  it.each([
    ["operational", "none", "All Systems Operational"],
    ["degraded_performance", "minor", "Partially Degraded Service"],
    ["partial_outage", "major", "Partial System Outage"],
    ["major_outage", "critical", "Major System Outage"],
    ["under_maintenance", "maintenance", "Service Under Maintenance"],
  ] as const)("%s → %s / %s", (status, indicator, description) => {
    expect(r(status)).toEqual({ indicator, description });
  });
});

describe("rollup: several components", () => {
  it("all major → critical / Major System Outage", () => {
    expect(r("major_outage", "major_outage")).toEqual({ indicator: "critical", description: "Major System Outage" });
    expect(r("major_outage", "major_outage", "major_outage")).toEqual({ indicator: "critical", description: "Major System Outage" });
  });
  it("some major → major / Partial System Outage", () => {
    expect(r("major_outage", "operational")).toEqual({ indicator: "major", description: "Partial System Outage" });
    expect(r("major_outage", "partial_outage", "degraded_performance")).toEqual({ indicator: "major", description: "Partial System Outage" });
    expect(r("under_maintenance", "major_outage")).toEqual({ indicator: "major", description: "Partial System Outage" });
  });
  it("all partial → major / Partial System Outage", () => {
    expect(r("partial_outage", "partial_outage")).toEqual({ indicator: "major", description: "Partial System Outage" });
  });
  it("some partial → minor / Minor Service Outage", () => {
    expect(r("partial_outage", "operational")).toEqual({ indicator: "minor", description: "Minor Service Outage" });
    expect(r("partial_outage", "degraded_performance")).toEqual({ indicator: "minor", description: "Minor Service Outage" });
    expect(r("partial_outage", "under_maintenance", "operational")).toEqual({ indicator: "minor", description: "Minor Service Outage" });
  });
  it("all degraded → minor / Degraded System Service", () => {
    expect(r("degraded_performance", "degraded_performance")).toEqual({ indicator: "minor", description: "Degraded System Service" });
  });
  it("some degraded → minor / Partially Degraded Service", () => {
    expect(r("degraded_performance", "operational")).toEqual({ indicator: "minor", description: "Partially Degraded Service" });
    expect(r("degraded_performance", "under_maintenance")).toEqual({ indicator: "minor", description: "Partially Degraded Service" });
  });
  it("any under maintenance and nothing worse → maintenance / Service Under Maintenance", () => {
    expect(r("under_maintenance", "operational")).toEqual({ indicator: "maintenance", description: "Service Under Maintenance" });
    expect(r("under_maintenance", "under_maintenance")).toEqual({ indicator: "maintenance", description: "Service Under Maintenance" });
  });
  it("all operational → none / All Systems Operational", () => {
    expect(r("operational", "operational", "operational")).toEqual({ indicator: "none", description: "All Systems Operational" });
  });
  it("does not depend on the order of the components", () => {
    const statuses: ComponentStatus[] = ["operational", "partial_outage", "under_maintenance", "degraded_performance"];
    expect(rollup([...statuses].reverse())).toEqual(rollup(statuses));
  });
});

describe("incident impact from its components", () => {
  it("degraded → minor, partial → major, major → critical, else none; the worst wins", () => {
    expect(impactFromComponents([])).toBe("none");
    expect(impactFromComponents(["operational"])).toBe("none");
    expect(impactFromComponents(["under_maintenance"])).toBe("none");
    expect(impactFromComponents(["degraded_performance"])).toBe("minor");
    expect(impactFromComponents(["partial_outage"])).toBe("major");
    expect(impactFromComponents(["major_outage"])).toBe("critical");
    expect(impactFromComponents(["degraded_performance", "major_outage", "partial_outage"])).toBe("critical");
    expect(impactFromComponents(["operational", "degraded_performance", "partial_outage"])).toBe("major");
  });
});

describe("a group shows its worst child", () => {
  it("ranks major > partial > degraded > maintenance > operational", () => {
    expect(worstStatus([])).toBe("operational");
    expect(worstStatus(["operational", "under_maintenance"])).toBe("under_maintenance");
    expect(worstStatus(["under_maintenance", "degraded_performance"])).toBe("degraded_performance");
    expect(worstStatus(["partial_outage", "degraded_performance"])).toBe("partial_outage");
    expect(worstStatus(["partial_outage", "major_outage", "operational"])).toBe("major_outage");
  });
});
