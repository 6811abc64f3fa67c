// WCAG 2 contrast of the brand colour with white text (lib/settings/contrast.ts), checked against
// published values: black on white is 21:1, #767676 is the lightest grey that passes AA on white.
import { describe, expect, it } from "vitest";
import { contrastRatio, formatRatio, passesWithWhite, relativeLuminance } from "@/lib/settings/contrast";

describe("contrast", () => {
  it("computes WCAG 2 relative luminance and ratios", () => {
    expect(relativeLuminance("#000000")).toBe(0);
    expect(relativeLuminance("#ffffff")).toBeCloseTo(1, 10);
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 10);
    expect(contrastRatio("#ffffff", "#000000")).toBeCloseTo(21, 10);
    expect(contrastRatio("#ffffff", "#ffffff")).toBe(1);
    // Known values (WebAIM's checker): #767676 4.54:1, #777777 4.48:1, Herald's default blue 5.17:1.
    expect(contrastRatio("#767676", "#ffffff")).toBeCloseTo(4.54, 2);
    expect(contrastRatio("#777777", "#ffffff")).toBeCloseTo(4.48, 2);
    expect(contrastRatio("#2563eb", "#ffffff")).toBeCloseTo(5.17, 2);
    expect(contrastRatio("#FF0000", "#ffffff")).toBeCloseTo(4, 2); // 3.998:1: refused
  });

  it("passes white text on colours of 4.5:1 or more only", () => {
    expect(passesWithWhite("#767676")).toBe(true);
    expect(passesWithWhite("#777777")).toBe(false);
    expect(passesWithWhite("#2563eb")).toBe(true);
    expect(passesWithWhite("#ffcc00")).toBe(false);
    expect(passesWithWhite("#000000")).toBe(true);
    expect(passesWithWhite("#ff0000")).toBe(false);
  });

  it("shows a ratio rounded down, so a refused colour never reads as 4.5:1", () => {
    expect(formatRatio(4.4999)).toBe("4.49:1");
    expect(formatRatio(4.5)).toBe("4.5:1");
    expect(formatRatio(21)).toBe("21:1");
    expect(formatRatio(1)).toBe("1:1");
    expect(formatRatio(5.1749)).toBe("5.17:1");
  });

  it("refuses what is not #rrggbb", () => {
    expect(() => relativeLuminance("#fff")).toThrow(/#rrggbb/);
    expect(() => relativeLuminance("red")).toThrow();
  });
});
