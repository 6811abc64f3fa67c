// WCAG 2 contrast, for the brand colour: the page puts white text on it, so it must reach AA for
// normal text (4.5:1) against white. No server imports: the settings form shows the ratio live.

/** The colours a brand colour may be: #rrggbb. */
export const HEX_COLOR = /^#[0-9a-f]{6}$/i;

/** WCAG AA for normal text. */
export const AA_NORMAL_TEXT = 4.5;

/** WCAG 2 relative luminance of an sRGB colour given as #rrggbb. */
export function relativeLuminance(hex: string): number {
  if (!HEX_COLOR.test(hex)) throw new Error(`Not a #rrggbb colour: ${hex}`);
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** The contrast ratio of two colours, from 1 (none) to 21 (black on white). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * A ratio as people read it ("4.49:1"), rounded down: a colour just short of 4.5 must not be
 * shown as "4.5:1" while being refused for it.
 */
export function formatRatio(ratio: number): string {
  return `${(Math.floor(ratio * 100) / 100).toFixed(2).replace(/\.?0+$/, "")}:1`;
}

/** Whether white text on this colour passes WCAG AA for normal text. */
export function passesWithWhite(hex: string): boolean {
  return contrastRatio(hex, "#ffffff") >= AA_NORMAL_TEXT;
}
