// lib/feeds/ical.ts: RFC 5545 structure, CRLF, folding at 75 octets without breaking UTF-8,
// TEXT escaping, one VEVENT per scheduled / in-progress / verifying maintenance.
import { describe, expect, it } from "vitest";
import { escapeText, foldLine, icalDateTime, maintenanceCalendar } from "@/lib/feeds/ical";
import { at, component, incident, snapshot } from "@/test/contract/helpers/snapshot";

/** Unfolds content lines (RFC 5545 §3.1) and splits them into name, params and value. */
function unfold(ics: string): { name: string; value: string }[] {
  return ics
    .replace(/\r\n[ \t]/g, "")
    .split("\r\n")
    .filter((l) => l !== "")
    .map((l) => {
      const colon = l.indexOf(":");
      return { name: l.slice(0, colon).split(";")[0]!, value: l.slice(colon + 1) };
    });
}

/** TEXT unescaping, the inverse of escapeText. */
function unescapeText(v: string): string {
  return v.replace(/\\([\\;,nN])/g, (_, c: string) => (c === "n" || c === "N" ? "\n" : c));
}

function events(ics: string): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  let cur: Record<string, string> | null = null;
  for (const { name, value } of unfold(ics)) {
    if (name === "BEGIN" && value === "VEVENT") cur = {};
    else if (name === "END" && value === "VEVENT") {
      out.push(cur!);
      cur = null;
    } else if (cur) cur[name] = value;
  }
  return out;
}

const LONG_BODY = `Upgrading the database; expect 5, maybe 10 minutes of read-only mode.\nDetails: \\\\share\\path — naïve café ☕ 😀 ${"ü".repeat(60)}`;

function calendarSnapshot() {
  const c = component({ name: "API" });
  const m = (name: string, status: "scheduled" | "in_progress" | "verifying" | "completed", startMin: number, body = "Window.") =>
    incident(
      {
        name,
        kind: "maintenance",
        status,
        impact: "maintenance",
        componentIds: [c.id],
        createdAt: at(startMin - 1000),
        resolvedAt: status === "completed" ? at(startMin + 60) : null,
        scheduledFor: at(startMin),
        scheduledUntil: at(startMin + 120),
      },
      [{ status: "scheduled", displayAt: at(startMin - 1000), body: "Old body." }, { status, displayAt: at(startMin - 500), body }],
    );
  return snapshot({
    components: [c],
    incidents: [
      m("Later, bigger upgrade; with \\ specials", "scheduled", 600, LONG_BODY),
      m("Now", "in_progress", -30),
      m("Checking", "verifying", -200),
      m("Done", "completed", -5000),
      incident({ name: "Not a maintenance", status: "investigating" }),
    ],
  });
}

describe("maintenance.ics", () => {
  const ics = maintenanceCalendar(calendarSnapshot());

  it("uses CRLF line endings only, and ends with one", () => {
    expect(ics.endsWith("\r\n")).toBe(true);
    expect(ics.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  });

  it("folds every line at 75 octets, never inside a UTF-8 character", () => {
    const lines = ics.split("\r\n");
    for (const line of lines) {
      expect(Buffer.byteLength(line, "utf8"), line).toBeLessThanOrEqual(75);
      expect(line).not.toContain("\uFFFD");
    }
    // Folding really happened for the long description, and unfolding restores it.
    expect(lines.some((l) => l.startsWith(" "))).toBe(true);
  });

  it("has the calendar properties", () => {
    const props = unfold(ics);
    expect(props[0]).toEqual({ name: "BEGIN", value: "VCALENDAR" });
    expect(props.at(-1)).toEqual({ name: "END", value: "VCALENDAR" });
    const get = (n: string) => props.find((p) => p.name === n)?.value;
    expect(get("VERSION")).toBe("2.0");
    expect(get("PRODID")).toMatch(/^-\/\/Herald\/\//);
    expect(get("CALSCALE")).toBe("GREGORIAN");
    expect(get("METHOD")).toBe("PUBLISH");
    expect(get("X-WR-CALNAME")).toBe("Acme Cloud maintenance");
  });

  it("has one VEVENT per scheduled, in-progress or verifying maintenance, soonest first", () => {
    const evs = events(ics);
    expect(evs.map((e) => unescapeText(e.SUMMARY!))).toEqual(["Checking", "Now", "Later, bigger upgrade; with \\ specials"]);
    for (const e of evs) {
      for (const p of ["UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION", "URL", "STATUS"]) expect(e[p], p).toBeDefined();
      expect(e.UID).toMatch(/^[a-z0-9]+@status\.acme\.example$/);
      for (const p of ["DTSTAMP", "DTSTART", "DTEND"]) expect(e[p]).toMatch(/^\d{8}T\d{6}Z$/);
      expect(e.URL).toMatch(/^https:\/\/status\.acme\.example\/incidents\/[a-z0-9]+$/);
      expect(e.STATUS).toBe("CONFIRMED");
    }
    const later = evs[2]!;
    expect(later.DTSTART).toBe(icalDateTime(at(600)));
    expect(later.DTEND).toBe(icalDateTime(at(720)));
  });

  it("escapes TEXT values and uses the latest update's body as the description", () => {
    const later = events(ics)[2]!;
    expect(later.SUMMARY).toBe("Later\\, bigger upgrade\\; with \\\\ specials");
    expect(unescapeText(later.DESCRIPTION!)).toBe(LONG_BODY);
    expect(later.DESCRIPTION).not.toMatch(/(^|[^\\]);/);
  });

  it("is empty of events when nothing is scheduled", () => {
    expect(events(maintenanceCalendar(snapshot()))).toEqual([]);
  });

  it("is deterministic", () => {
    const s = calendarSnapshot();
    expect(maintenanceCalendar({ ...s, builtAt: at(5000) })).toBe(maintenanceCalendar(s));
  });
});

describe("iCalendar primitives", () => {
  it("formats UTC date-times", () => {
    expect(icalDateTime(new Date("2025-03-15T02:00:00.123Z"))).toBe("20250315T020000Z");
  });

  it("escapes backslash, semicolon, comma and every kind of line break, and drops control characters", () => {
    expect(escapeText("a\\b;c,d\ne\r\nf\rg\u0007h\ti")).toBe("a\\\\b\\;c\\,d\\ne\\nf\\ng" + "h\ti");
  });

  it("folds at exactly 75 octets with a leading space on continuations", () => {
    const line = "X".repeat(200);
    const parts = foldLine(line).split("\r\n");
    expect(parts[0]).toHaveLength(75);
    expect(parts.slice(1).every((p) => p.startsWith(" ") && Buffer.byteLength(p) <= 75)).toBe(true);
    expect(parts.map((p, i) => (i ? p.slice(1) : p)).join("")).toBe(line);
  });

  it("never splits a multi-byte character", () => {
    for (const ch of ["é", "€", "😀"]) {
      const line = "DESCRIPTION:" + ch.repeat(80);
      const parts = foldLine(line).split("\r\n");
      for (const p of parts) {
        expect(Buffer.byteLength(p)).toBeLessThanOrEqual(75);
        expect(Buffer.from(p, "utf8").toString("utf8")).toBe(p);
      }
      expect(parts.map((p, i) => (i ? p.slice(1) : p)).join("")).toBe(line);
    }
  });

  it("leaves short lines alone", () => {
    expect(foldLine("SUMMARY:short")).toBe("SUMMARY:short");
    expect(foldLine("X".repeat(75))).toBe("X".repeat(75));
  });
});
