// lib/feeds/badge.ts: a well-formed, accessible SVG carrying the page's status, coloured by indicator.
import { describe, expect, it } from "vitest";
import { BADGE_COLORS, badgeSvg, statusBadge, textWidth } from "@/lib/feeds/badge";
import { INDICATORS, type ComponentStatus } from "@/lib/vocabulary";
import { component, snapshot } from "@/test/contract/helpers/snapshot";
import { kid, kids, parseXml, type XmlElement } from "@/test/contract/helpers/xml";

const withStatuses = (...statuses: ComponentStatus[]) =>
  snapshot({ components: statuses.map((status, n) => component({ name: `c${n}`, status, position: n })) });

function texts(el: XmlElement): string[] {
  return [...(el.name === "text" ? [el.text] : []), ...el.children.flatMap(texts)];
}

describe("badge.svg", () => {
  it("is well-formed SVG with title and aria-label naming the status", () => {
    const svg = parseXml(statusBadge(withStatuses("operational")));
    expect(svg.name).toBe("svg");
    expect(svg.attrs.xmlns).toBe("http://www.w3.org/2000/svg");
    expect(svg.attrs.role).toBe("img");
    expect(svg.attrs["aria-label"]).toBe("status: All Systems Operational");
    expect(kid(svg, "title").text).toBe("status: All Systems Operational");
    expect(texts(svg)).toContain("All Systems Operational");
    expect(texts(svg)).toContain("status");
  });

  it.each([
    [["operational"], "none"],
    [["degraded_performance"], "minor"],
    [["partial_outage"], "major"],
    [["major_outage"], "critical"],
    [["under_maintenance"], "maintenance"],
  ] as [ComponentStatus[], (typeof INDICATORS)[number]][])("%j is coloured for %s", (statuses, indicator) => {
    const svg = statusBadge(withStatuses(...statuses));
    expect(svg).toContain(`fill="${BADGE_COLORS[indicator]}"`);
  });

  it("has a distinct colour per indicator", () => {
    expect(new Set(INDICATORS.map((i) => BADGE_COLORS[i])).size).toBe(INDICATORS.length);
  });

  it("sizes itself from the text", () => {
    const short = parseXml(badgeSvg("status", "OK", "#4c1"));
    const long = parseXml(badgeSvg("status", "Service Under Maintenance", "#4c1"));
    expect(Number(long.attrs.width)).toBeGreaterThan(Number(short.attrs.width) + 100);
    const rects = kids(kids(long, "g")[0]!, "rect");
    expect(Number(rects[0]!.attrs.width) + Number(rects[1]!.attrs.width)).toBe(Number(long.attrs.width));
    expect(textWidth("iiii")).toBeLessThan(textWidth("MMMM"));
  });

  it("escapes its text", () => {
    const svg = badgeSvg(`a<b>&"c"`, `</text><script>alert(1)</script>`, "#4c1");
    const parsed = parseXml(svg);
    expect(svg).not.toContain("<script>");
    expect(texts(parsed)).toContain(`</text><script>alert(1)</script>`);
    expect(parsed.attrs["aria-label"]).toBe(`a<b>&"c": </text><script>alert(1)</script>`);
  });
});
