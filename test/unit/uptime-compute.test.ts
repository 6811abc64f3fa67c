// lib/uptime/compute.ts: the 90-day uptime rules (FORMATS.md, "Uptime") on hand-made histories.
import { describe, expect, it } from "vitest";
import { computeUptime, formatPercent, statusTimeline, type UptimeInput } from "@/lib/uptime/compute";
import type { SnapIncident, SnapStatusChange, SnapUpdate } from "@/lib/public/snapshot";
import type { ComponentStatus } from "@/lib/vocabulary";

const DAY = 86_400_000;
/** "Now" for every test: 12:00 UTC on 30 Nov 2026. */
const NOW = Date.parse("2026-11-30T12:00:00.000Z");
const TODAY = Date.parse("2026-11-30T00:00:00.000Z");
const at = (iso: string) => new Date(iso);

type C = UptimeInput["components"][number];
function component(id: string, over: Partial<C> = {}): C {
  return {
    id,
    groupId: null,
    status: "operational",
    startDate: null,
    createdAt: new Date(TODAY - 200 * DAY),
    updatedAt: new Date(TODAY - 200 * DAY),
    ...over,
  };
}

function change(componentId: string, iso: string, oldStatus: ComponentStatus | null, newStatus: ComponentStatus): SnapStatusChange {
  return { componentId, at: at(iso), oldStatus, newStatus };
}

function input(over: Partial<UptimeInput>): UptimeInput {
  return { builtAt: new Date(NOW), components: [], groups: [], incidents: [], statusChanges: [], ...over };
}

const day = (r: ReturnType<typeof computeUptime>, id: string, date: string) => r.components[id]!.days.find((d) => d.date === date)!;

describe("computeUptime: the window", () => {
  it("covers the last 90 UTC days, today included, oldest first", () => {
    const r = computeUptime(input({ components: [component("a")] }));
    expect(r.dates).toHaveLength(90);
    expect(r.dates.at(-1)).toBe("2026-11-30");
    expect(r.dates[0]).toBe("2026-09-02");
    expect(r.components.a!.days.map((d) => d.date)).toEqual(r.dates);
  });

  it("a component never changed is up every day; today counts up to builtAt", () => {
    const r = computeUptime(input({ components: [component("a")] }));
    for (const d of r.components.a!.days) expect(d.uptime).toBe(100);
    expect(r.components.a!.percent).toBe(100);
    expect(day(r, "a", "2026-11-29").observedMinutes).toBe(1440);
    expect(day(r, "a", "2026-11-30").observedMinutes).toBe(720);
  });

  it("uses UTC days whatever the process's time zone", () => {
    const r = computeUptime(input({ builtAt: at("2026-11-30T23:59:00.000Z"), components: [component("a")] }));
    expect(r.dates.at(-1)).toBe("2026-11-30");
    const r2 = computeUptime(input({ builtAt: at("2026-12-01T00:00:30.000Z"), components: [component("a")] }));
    expect(r2.dates.at(-1)).toBe("2026-12-01");
  });
});

describe("computeUptime: weighting", () => {
  it("a major outage counts in full", () => {
    const r = computeUptime(
      input({
        components: [component("a")],
        statusChanges: [change("a", "2026-11-29T10:00:00Z", "operational", "major_outage"), change("a", "2026-11-29T16:00:00Z", "major_outage", "operational")],
      }),
    );
    const d = day(r, "a", "2026-11-29");
    expect(d.uptime).toBeCloseTo(75, 10); // 6 h of 24
    expect(d.majorMinutes).toBe(360);
    expect(d.outageMinutes).toBe(360);
    expect(d.partialMinutes).toBe(0);
  });

  it("a partial outage counts at 30 %", () => {
    const r = computeUptime(
      input({
        components: [component("a")],
        statusChanges: [change("a", "2026-11-29T00:00:00Z", "operational", "partial_outage"), change("a", "2026-11-29T10:00:00Z", "partial_outage", "operational")],
      }),
    );
    const d = day(r, "a", "2026-11-29");
    // 10 h partial = 3 h down of 24.
    expect(d.uptime).toBeCloseTo(87.5, 10);
    expect(d.partialMinutes).toBe(600);
    expect(d.outageMinutes).toBe(600);
  });

  it("degraded performance and maintenance do not count", () => {
    const r = computeUptime(
      input({
        components: [component("a")],
        statusChanges: [
          change("a", "2026-11-29T01:00:00Z", "operational", "degraded_performance"),
          change("a", "2026-11-29T05:00:00Z", "degraded_performance", "under_maintenance"),
          change("a", "2026-11-29T07:00:00Z", "under_maintenance", "operational"),
        ],
      }),
    );
    const d = day(r, "a", "2026-11-29");
    expect(d.uptime).toBe(100);
    expect(d.degradedMinutes).toBe(240);
    expect(d.maintenanceMinutes).toBe(120);
    expect(d.outageMinutes).toBe(0);
  });

  it("mixes major and partial within a day", () => {
    const r = computeUptime(
      input({
        components: [component("a")],
        statusChanges: [
          change("a", "2026-11-29T00:00:00Z", "operational", "partial_outage"),
          change("a", "2026-11-29T02:00:00Z", "partial_outage", "major_outage"),
          change("a", "2026-11-29T03:00:00Z", "major_outage", "operational"),
        ],
      }),
    );
    // 2 h × 0.3 + 1 h = 1.6 h of 24.
    expect(day(r, "a", "2026-11-29").uptime).toBeCloseTo(100 * (1 - 1.6 / 24), 10);
  });

  it("a partial day (today) is measured against the time elapsed", () => {
    const r = computeUptime(
      input({ components: [component("a", { status: "major_outage" })], statusChanges: [change("a", "2026-11-30T09:00:00Z", "operational", "major_outage")] }),
    );
    const d = day(r, "a", "2026-11-30");
    // 3 h of major outage in the 12 h elapsed today.
    expect(d.observedMinutes).toBe(720);
    expect(d.majorMinutes).toBe(180);
    expect(d.uptime).toBeCloseTo(75, 10);
  });
});

describe("computeUptime: changes spanning midnight", () => {
  it("splits an outage between the days it covers", () => {
    const r = computeUptime(
      input({
        components: [component("a")],
        statusChanges: [change("a", "2026-11-27T22:00:00Z", "operational", "major_outage"), change("a", "2026-11-29T03:00:00Z", "major_outage", "operational")],
      }),
    );
    expect(day(r, "a", "2026-11-27").majorMinutes).toBe(120);
    expect(day(r, "a", "2026-11-27").uptime).toBeCloseTo(100 * (22 / 24), 10);
    expect(day(r, "a", "2026-11-28").majorMinutes).toBe(1440);
    expect(day(r, "a", "2026-11-28").uptime).toBe(0);
    expect(day(r, "a", "2026-11-29").majorMinutes).toBe(180);
    expect(day(r, "a", "2026-11-29").uptime).toBeCloseTo(100 * (21 / 24), 10);
    expect(day(r, "a", "2026-11-30").uptime).toBe(100);
  });

  it("an outage still going on counts up to builtAt", () => {
    const r = computeUptime(input({ components: [component("a", { status: "major_outage", updatedAt: at("2026-11-29T18:00:00Z") })], statusChanges: [change("a", "2026-11-29T18:00:00Z", "operational", "major_outage")] }));
    expect(day(r, "a", "2026-11-29").majorMinutes).toBe(360);
    expect(day(r, "a", "2026-11-30").majorMinutes).toBe(720);
    expect(day(r, "a", "2026-11-30").uptime).toBe(0);
  });

  it("takes the status at the window's start from the last change before it", () => {
    // Went down 100 days ago and never came back: every day of the window is down.
    const r = computeUptime(
      input({
        components: [component("a", { status: "partial_outage", updatedAt: new Date(TODAY - 100 * DAY) })],
        statusChanges: [change("a", new Date(TODAY - 100 * DAY).toISOString(), "operational", "partial_outage")],
      }),
    );
    for (const d of r.components.a!.days) expect(d.uptime).toBeCloseTo(70, 10);
    expect(r.components.a!.percent).toBeCloseTo(70, 10);
  });

  it("before the first change in the window, the status is what that change changed from", () => {
    const r = computeUptime(input({ components: [component("a")], statusChanges: [change("a", "2026-11-01T00:00:00Z", "major_outage", "operational")] }));
    expect(day(r, "a", "2026-10-31").uptime).toBe(0);
    expect(day(r, "a", "2026-11-01").uptime).toBe(100);
  });
});

describe("computeUptime: components starting in the window", () => {
  it("days before the start date have no data; the start date counts from 00:00 UTC", () => {
    const r = computeUptime(input({ components: [component("a", { startDate: "2026-11-20", createdAt: at("2026-11-25T15:00:00Z"), updatedAt: at("2026-11-25T15:00:00Z") })] }));
    expect(day(r, "a", "2026-11-19").uptime).toBeNull();
    expect(day(r, "a", "2026-11-19").observedMinutes).toBe(0);
    expect(day(r, "a", "2026-11-20").uptime).toBe(100);
    expect(day(r, "a", "2026-11-20").observedMinutes).toBe(1440);
    expect(r.components.a!.days.filter((d) => d.uptime === null)).toHaveLength(79);
  });

  it("without a start date, data starts at creation (the first day partly)", () => {
    const r = computeUptime(
      input({
        components: [component("a", { createdAt: at("2026-11-28T18:00:00Z"), updatedAt: at("2026-11-28T18:00:00Z") })],
        statusChanges: [change("a", "2026-11-28T18:00:00Z", null, "operational"), change("a", "2026-11-28T21:00:00Z", "operational", "major_outage"), change("a", "2026-11-28T22:00:00Z", "major_outage", "operational")],
      }),
    );
    expect(day(r, "a", "2026-11-27").uptime).toBeNull();
    const first = day(r, "a", "2026-11-28");
    expect(first.observedMinutes).toBe(360);
    expect(first.majorMinutes).toBe(60);
    expect(first.uptime).toBeCloseTo(100 * (5 / 6), 10);
  });

  it("the period's percentage is over the time with data only", () => {
    const r = computeUptime(
      input({
        components: [component("a", { startDate: "2026-11-29" })],
        statusChanges: [change("a", "2026-11-29T00:00:00Z", "operational", "major_outage"), change("a", "2026-11-29T03:00:00Z", "major_outage", "operational")],
      }),
    );
    // 3 h down of 24 h + 12 h observed.
    expect(r.components.a!.percent).toBeCloseTo(100 * (1 - 3 / 36), 10);
  });

  it("a start date in the future leaves every day without data", () => {
    const r = computeUptime(input({ components: [component("a", { startDate: "2026-12-05" })] }));
    expect(r.components.a!.days.every((d) => d.uptime === null)).toBe(true);
    expect(r.components.a!.percent).toBeNull();
  });
});

describe("computeUptime: the component row disagrees with the log", () => {
  it("a status set without a logged change counts from the row's last update", () => {
    const r = computeUptime(input({ components: [component("a", { status: "major_outage", updatedAt: at("2026-11-30T11:00:00Z") })] }));
    expect(day(r, "a", "2026-11-30").majorMinutes).toBe(60);
    expect(day(r, "a", "2026-11-29").uptime).toBe(100);
  });

  it("statusTimeline orders changes and ends at `end`", () => {
    const c = component("a", { status: "operational" });
    const segs = statusTimeline(
      c,
      [change("a", "2026-11-29T05:00:00Z", "partial_outage", "operational"), change("a", "2026-11-29T01:00:00Z", "operational", "partial_outage"), change("b", "2026-11-29T02:00:00Z", "operational", "major_outage")],
      NOW,
    );
    expect(segs.map((s) => s.status)).toEqual(["operational", "partial_outage", "operational"]);
    expect(segs[1]).toEqual({ from: Date.parse("2026-11-29T01:00:00Z"), to: Date.parse("2026-11-29T05:00:00Z"), status: "partial_outage" });
    expect(segs.at(-1)!.to).toBe(NOW);
  });
});

describe("computeUptime: groups", () => {
  it("a group's uptime is the mean of its children, per day and over the period", () => {
    const r = computeUptime(
      input({
        groups: [{ id: "g" }],
        components: [component("a", { groupId: "g" }), component("b", { groupId: "g" }), component("c")],
        statusChanges: [
          change("a", "2026-11-29T00:00:00Z", "operational", "major_outage"),
          change("a", "2026-11-29T12:00:00Z", "major_outage", "operational"),
          change("c", "2026-11-29T00:00:00Z", "operational", "major_outage"),
        ],
      }),
    );
    const g = r.groups.g!;
    const i = r.dates.indexOf("2026-11-29");
    expect(g.days[i]!.uptime).toBeCloseTo((50 + 100) / 2, 10);
    expect(g.days[i + 1]!.uptime).toBe(100);
    expect(g.percent).toBeCloseTo((r.components.a!.percent! + r.components.b!.percent!) / 2, 10);
  });

  it("children without data that day are left out of the mean; no data at all is null", () => {
    const r = computeUptime(
      input({
        groups: [{ id: "g" }, { id: "empty" }],
        components: [component("a", { groupId: "g", startDate: "2026-11-29" }), component("b", { groupId: "g" })],
        statusChanges: [change("b", "2026-11-28T00:00:00Z", "operational", "major_outage"), change("b", "2026-11-28T06:00:00Z", "major_outage", "operational")],
      }),
    );
    const g = r.groups.g!;
    expect(g.days[r.dates.indexOf("2026-11-28")]!.uptime).toBeCloseTo(75, 10); // b alone
    expect(r.groups.empty!.percent).toBeNull();
    expect(r.groups.empty!.days.every((d) => d.uptime === null)).toBe(true);
  });
});

describe("computeUptime: related incidents", () => {
  function update(id: string, iso: string, affected: string[]): SnapUpdate {
    return {
      id,
      incidentId: "i",
      status: "investigating",
      body: "",
      createdAt: at(iso),
      updatedAt: at(iso),
      displayAt: at(iso),
      deliverNotifications: true,
      customTweet: null,
      tweetId: null,
      affectedComponents: affected.map((componentId) => ({ componentId, name: componentId, oldStatus: "operational", newStatus: "major_outage" })),
    };
  }
  function incident(over: Partial<SnapIncident>): UptimeInput["incidents"][number] {
    return {
      id: "i",
      kind: "incident",
      name: "Incident",
      status: "resolved",
      startedAt: at("2026-11-20T10:00:00Z"),
      resolvedAt: at("2026-11-20T11:00:00Z"),
      updatedAt: at("2026-11-20T11:00:00Z"),
      componentIds: [],
      updates: [],
      ...over,
    };
  }

  it("lists incidents whose updates touched the component that day", () => {
    const r = computeUptime(
      input({
        components: [component("a"), component("b")],
        incidents: [incident({ id: "i1", name: "Slow mail", updates: [update("u2", "2026-11-21T01:00:00Z", ["a"]), update("u1", "2026-11-20T10:00:00Z", ["a", "b"])] })],
      }),
    );
    expect(day(r, "a", "2026-11-20").incidents).toEqual([{ id: "i1", name: "Slow mail" }]);
    expect(day(r, "a", "2026-11-21").incidents).toEqual([{ id: "i1", name: "Slow mail" }]);
    expect(day(r, "b", "2026-11-20").incidents).toEqual([{ id: "i1", name: "Slow mail" }]);
    expect(day(r, "b", "2026-11-21").incidents).toEqual([]);
    expect(day(r, "a", "2026-11-22").incidents).toEqual([]);
  });

  it("lists an incident on every day it was open, for the components it lists", () => {
    const r = computeUptime(
      input({
        components: [component("a")],
        incidents: [
          incident({ id: "long", name: "Long one", componentIds: ["a"], startedAt: at("2026-11-25T20:00:00Z"), resolvedAt: at("2026-11-27T02:00:00Z") }),
          incident({ id: "open", name: "Still open", status: "investigating", componentIds: ["a"], startedAt: at("2026-11-29T20:00:00Z"), resolvedAt: null }),
        ],
      }),
    );
    expect(day(r, "a", "2026-11-24").incidents).toEqual([]);
    for (const d of ["2026-11-25", "2026-11-26", "2026-11-27"]) expect(day(r, "a", d).incidents.map((x) => x.id)).toEqual(["long"]);
    expect(day(r, "a", "2026-11-28").incidents).toEqual([]);
    expect(day(r, "a", "2026-11-29").incidents.map((x) => x.id)).toEqual(["open"]);
    expect(day(r, "a", "2026-11-30").incidents.map((x) => x.id)).toEqual(["open"]);
  });

  it("lists each incident once per day, oldest first, and ignores days outside the window", () => {
    const r = computeUptime(
      input({
        components: [component("a")],
        incidents: [
          incident({ id: "late", name: "Late", startedAt: at("2026-11-20T15:00:00Z"), updates: [update("x", "2026-11-20T15:00:00Z", ["a"]), update("y", "2026-11-20T16:00:00Z", ["a"])] }),
          incident({ id: "early", name: "Early", startedAt: at("2026-11-20T01:00:00Z"), componentIds: ["a"], resolvedAt: at("2026-11-20T02:00:00Z"), updates: [update("z", "2026-11-20T01:00:00Z", ["a"])] }),
          incident({ id: "old", name: "Old", startedAt: new Date(TODAY - 120 * DAY), resolvedAt: new Date(TODAY - 119 * DAY), componentIds: ["a"], updates: [update("w", new Date(TODAY - 120 * DAY).toISOString(), ["a"])] }),
        ],
      }),
    );
    expect(day(r, "a", "2026-11-20").incidents.map((x) => x.id)).toEqual(["early", "late"]);
    expect(r.components.a!.days.flatMap((d) => d.incidents).some((x) => x.id === "old")).toBe(false);
  });
});

describe("formatPercent", () => {
  it("shows at most two decimals, never rounding down time up to 100", () => {
    expect(formatPercent(100)).toBe("100");
    expect(formatPercent(99.999)).toBe("99.99");
    expect(formatPercent(99.99)).toBe("99.99");
    expect(formatPercent(99.5)).toBe("99.5");
    expect(formatPercent(87.5)).toBe("87.5");
    expect(formatPercent(0)).toBe("0");
    expect(formatPercent(null)).toBeNull();
  });
});
