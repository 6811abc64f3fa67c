// /badge.svg: a shields.io-style "status | All Systems Operational" badge, coloured by the page's
// indicator, for READMEs and dashboards. Widths come from approximate Verdana 11px glyph widths,
// and textLength pins the drawn text to them, so the badge looks right whatever font renders it.
import type { PublicSnapshot } from "@/lib/public/snapshot";
import { pageStatus } from "@/lib/public/view";
import type { Indicator } from "@/lib/vocabulary";
import { escapeXml } from "@/lib/feeds/text";

export const BADGE_LABEL = "status";

/** Shields' palette: green, yellow, orange, red, blue. */
export const BADGE_COLORS: Record<Indicator, string> = {
  none: "#4c1",
  minor: "#dfb317",
  major: "#fe7d37",
  critical: "#e05d44",
  maintenance: "#007ec6",
};

// Approximate advance widths of Verdana at 11px.
const NARROW: Record<string, number> = {
  " ": 3.9, "!": 4.3, '"': 5, "'": 3, "(": 4.5, ")": 4.5, ",": 3.5, "-": 4.5, ".": 3.5, "/": 4.9, ":": 4.6, ";": 4.6,
  "|": 4.6, i: 3.1, j: 3.3, l: 3.1, f: 3.9, t: 4.3, r: 4.7, I: 4.6, J: 5, m: 10.7, w: 8.9, M: 9.4, W: 10.9,
  s: 5.7, c: 5.7, z: 5.6, O: 8.6, Q: 8.6, D: 8.5, G: 8.4, H: 8.3, N: 8.2, U: 8.1, C: 7.7, L: 6.1, P: 6.6, T: 6.8,
};

/** Approximate rendered width of `text` in Verdana 11px. */
export function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    const known = NARROW[ch];
    if (known !== undefined) w += known;
    else if (/[0-9]/.test(ch)) w += 7;
    else if (/[a-z]/.test(ch)) w += 6.6;
    else if (/[A-Z]/.test(ch)) w += 7.5;
    else w += 8; // anything else: wide enough not to overflow
  }
  return Math.round(w * 10) / 10;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export function badgeSvg(label: string, message: string, color: string): string {
  const lw = textWidth(label);
  const mw = textWidth(message);
  const left = Math.ceil(lw + 10);
  const right = Math.ceil(mw + 10);
  const width = left + right;
  const title = escapeXml(`${label}: ${message}`);
  const l = escapeXml(label);
  const m = escapeXml(message);
  const lx = round1(left / 2);
  const mx = round1(left + right / 2);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" role="img" aria-label="${title}">`,
    `<title>${title}</title>`,
    `<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>`,
    `<clipPath id="r"><rect width="${width}" height="20" rx="3" fill="#fff"/></clipPath>`,
    `<g clip-path="url(#r)"><rect width="${left}" height="20" fill="#555"/><rect x="${left}" width="${right}" height="20" fill="${escapeXml(color)}"/><rect width="${width}" height="20" fill="url(#s)"/></g>`,
    `<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" text-rendering="geometricPrecision" font-size="11">`,
    `<text aria-hidden="true" x="${lx}" y="15" fill="#010101" fill-opacity=".3" textLength="${lw}">${l}</text>`,
    `<text x="${lx}" y="14" textLength="${lw}">${l}</text>`,
    `<text aria-hidden="true" x="${mx}" y="15" fill="#010101" fill-opacity=".3" textLength="${mw}">${m}</text>`,
    `<text x="${mx}" y="14" textLength="${mw}">${m}</text>`,
    `</g>`,
    `</svg>`,
    ``,
  ].join("\n");
}

/** The page's status badge. */
export function statusBadge(s: PublicSnapshot): string {
  const { indicator, description } = pageStatus(s);
  return badgeSvg(BADGE_LABEL, description, BADGE_COLORS[indicator]);
}
