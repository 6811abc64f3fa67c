// Maintenance windows are typed as wall-clock times in the page's time zone: the conversion to
// UTC instants and back, across daylight-saving changes (a gap is refused, an overlap takes the
// first of the two times), and the window in words. Pure: no database.
import { describe, expect, it } from "vitest";
import { instantToWallClock, parseTimeInZone, utcOffsetLabel, WallClockError, wallClockToInstant } from "@/lib/maintenance/wall-clock";
import { describeWindow } from "@/lib/maintenance/window";

const iso = (local: string, zone: string) => wallClockToInstant(local, zone).toISOString();

describe("wallClockToInstant", () => {
  it("reads a datetime-local value or 'YYYY-MM-DD HH:MM' in the zone", () => {
    expect(iso("2026-12-10T02:00", "Etc/UTC")).toBe("2026-12-10T02:00:00.000Z");
    expect(iso("2026-12-10 02:00", "Europe/Paris")).toBe("2026-12-10T01:00:00.000Z");
    expect(iso("2026-07-10 02:00", "Europe/Paris")).toBe("2026-07-10T00:00:00.000Z");
    expect(iso("2026-12-10T02:00:30", "America/New_York")).toBe("2026-12-10T07:00:30.000Z");
    // Zones off the hour, and east of the date line.
    expect(iso("2026-12-10 02:00", "Asia/Kolkata")).toBe("2026-12-09T20:30:00.000Z");
    expect(iso("2026-12-10 02:00", "Pacific/Chatham")).toBe("2026-12-09T12:15:00.000Z");
  });

  it("refuses a time the clocks skip (DST gap), saying so", () => {
    // New York springs forward at 02:00 on 8 March 2026: 02:00–02:59 never happens.
    expect(() => wallClockToInstant("2026-03-08 02:30", "America/New_York")).toThrow(WallClockError);
    expect(() => wallClockToInstant("2026-03-08 02:30", "America/New_York")).toThrow(
      "2026-03-08 02:30 does not exist in America/New_York: the clocks go forward 1 hour then",
    );
    expect(() => wallClockToInstant("2026-03-29T02:00", "Europe/Paris")).toThrow(/does not exist in Europe\/Paris/);
    // Lord Howe Island moves by half an hour.
    expect(() => wallClockToInstant("2026-10-04 02:15", "Australia/Lord_Howe")).toThrow("the clocks go forward 30 minutes then");
    // Either side of the gap is fine.
    expect(iso("2026-03-08 01:59", "America/New_York")).toBe("2026-03-08T06:59:00.000Z");
    expect(iso("2026-03-08 03:00", "America/New_York")).toBe("2026-03-08T07:00:00.000Z");
  });

  it("takes the first of two times the clocks repeat (DST overlap)", () => {
    // New York falls back at 02:00 on 1 November 2026: 01:30 happens at 05:30Z (EDT) and 06:30Z (EST).
    expect(iso("2026-11-01 01:30", "America/New_York")).toBe("2026-11-01T05:30:00.000Z");
    expect(instantToWallClock(new Date("2026-11-01T05:30:00Z"), "America/New_York")).toBe("2026-11-01T01:30");
    expect(instantToWallClock(new Date("2026-11-01T06:30:00Z"), "America/New_York")).toBe("2026-11-01T01:30");
    expect(iso("2026-10-25 02:30", "Europe/Paris")).toBe("2026-10-25T00:30:00.000Z");
    expect(iso("2026-11-01 02:00", "America/New_York")).toBe("2026-11-01T07:00:00.000Z");
  });

  it("refuses what is no date, an impossible date, and an unknown zone", () => {
    expect(() => wallClockToInstant("next tuesday", "Etc/UTC")).toThrow("write it as YYYY-MM-DD HH:MM");
    expect(() => wallClockToInstant("2026-02-30 02:00", "Etc/UTC")).toThrow("is not a date and time that exists");
    expect(() => wallClockToInstant("2026-12-10 24:00", "Etc/UTC")).toThrow(WallClockError);
    expect(() => wallClockToInstant("2026-12-10 02:00", "Mars/Olympus")).toThrow('Unknown time zone "Mars/Olympus"');
  });

  it("round-trips every half hour of a year with DST changes, except the skipped hour", () => {
    const zone = "Europe/Berlin";
    let skipped = 0;
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 30 * 60_000) {
      const local = instantToWallClock(new Date(t), zone);
      const back = wallClockToInstant(local, zone).getTime();
      // In the repeated hour the first occurrence comes back.
      expect(back === t || back === t - 3_600_000).toBe(true);
      if (back !== t) skipped++;
    }
    expect(skipped).toBe(2); // 02:00 and 02:30 on 25 October, second time round
  });
});

describe("parseTimeInZone", () => {
  it("takes an instant with an offset as is, and a bare local time in the zone", () => {
    expect(parseTimeInZone("2026-12-10T02:00Z", "Europe/Paris").toISOString()).toBe("2026-12-10T02:00:00.000Z");
    expect(parseTimeInZone("2026-12-10T02:00:00+05:30", "Europe/Paris").toISOString()).toBe("2026-12-09T20:30:00.000Z");
    expect(parseTimeInZone("2026-12-10 02:00-0500", "Europe/Paris").toISOString()).toBe("2026-12-10T07:00:00.000Z");
    expect(parseTimeInZone("2026-12-10 02:00", "Europe/Paris").toISOString()).toBe("2026-12-10T01:00:00.000Z");
    expect(() => parseTimeInZone("2026-03-29 02:30", "Europe/Paris")).toThrow(/does not exist/);
  });
});

describe("the window in words", () => {
  it("names the zone and its offset, both offsets across a change", () => {
    expect(utcOffsetLabel(new Date("2026-12-10T00:00:00Z"), "America/St_Johns")).toBe("UTC−03:30");
    expect(describeWindow(new Date("2026-12-10T01:00:00Z"), new Date("2026-12-10T03:00:00Z"), "Europe/Paris")).toBe(
      "10 Dec 2026, 02:00 – 04:00 Europe/Paris (UTC+01:00)",
    );
    expect(describeWindow(new Date("2026-12-10T23:00:00Z"), new Date("2026-12-11T01:00:00Z"), "Etc/UTC")).toBe("10 Dec 2026, 23:00 – 11 Dec 2026, 01:00 UTC");
    expect(describeWindow(new Date("2026-10-24T22:00:00Z"), new Date("2026-10-25T03:00:00Z"), "Europe/Paris")).toBe(
      "25 Oct 2026, 00:00 – 04:00 Europe/Paris (UTC+02:00, then UTC+01:00)",
    );
  });
});
