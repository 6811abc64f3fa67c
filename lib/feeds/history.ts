// /history.rss (RSS 2.0) and /history.atom (Atom 1.0, RFC 4287): the incident history feeds
// (docs/formats.md, "Feeds"). One entry per incident or maintenance,
// newest first, at most 50; the content is one paragraph per update, newest first, labelled with
// the status name ("Update" when the status did not change), with the time, in Statuspage's style:
//   <p><small>Mar <var data-var="date">11</var>, <var data-var="time">07:41</var> UTC</small><br>
//   <strong>Identified</strong> - body</p>
// Pure and deterministic: the bytes depend on the snapshot's data only (no "now"), so a rebuild
// that changed nothing public gives the same bytes and the same ETag.
import type { PublicSnapshot, SnapIncident } from "@/lib/public/snapshot";
import { incidentUrl, pageBaseUrl } from "@/lib/statuspage/v2";
import { INCIDENT_STATUS_LABELS } from "@/lib/vocabulary";
import { escapeHtml, escapeXml, isAbsoluteHttpUrl } from "@/lib/feeds/text";

export const FEED_LIMIT = 50;

/** The incidents and maintenances in the feeds: newest first (by creation), at most 50. */
export function feedEntries(s: PublicSnapshot): SnapIncident[] {
  // The snapshot already holds them newest first by creation.
  return s.incidents.slice(0, FEED_LIMIT);
}

export function feedTitle(s: PublicSnapshot): string {
  return `${s.page.name} Status - Incident History`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    const options: Intl.DateTimeFormatOptions = {
      month: "short",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZoneName: "short",
    };
    try {
      f = new Intl.DateTimeFormat("en-US", { ...options, timeZone });
    } catch {
      // An unknown time zone in the settings: UTC rather than no feed.
      f = new Intl.DateTimeFormat("en-US", { ...options, timeZone: "UTC" });
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/** `Mar <var data-var="date">11</var>, <var data-var="time">07:41</var> UTC` in the page's time zone. */
export function feedTime(d: Date, timeZone: string): string {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(d)) parts[p.type] = p.value;
  const zone = parts.timeZoneName ?? "UTC";
  return (
    `${escapeHtml(parts.month ?? "")} <var data-var="date">${escapeHtml(parts.day ?? "")}</var>, ` +
    `<var data-var="time">${escapeHtml(`${parts.hour ?? "00"}:${parts.minute ?? "00"}`)}</var> ${escapeHtml(zone)}`
  );
}

/** An update body as HTML: escaped, line breaks kept. */
function bodyHtml(body: string): string {
  return escapeHtml(body.trim()).replace(/\r\n|\r|\n/g, "<br>");
}

/** The HTML content of one entry: one paragraph per update, newest first. */
export function entryHtml(s: PublicSnapshot, i: SnapIncident): string {
  const updates = i.updates; // newest first
  return updates
    .map((u, index) => {
      const previous = updates[index + 1]; // the update before this one in time
      const label = previous && previous.status === u.status ? "Update" : INCIDENT_STATUS_LABELS[u.status];
      return (
        `<p><small>${feedTime(u.displayAt, s.page.timeZone)}</small><br>` +
        `<strong>${escapeHtml(label)}</strong> - ${bodyHtml(u.body)}</p>`
      );
    })
    .join("");
}

/** When an entry last changed: the incident or any of its updates. */
export function entryUpdated(i: SnapIncident): Date {
  let t = i.updatedAt;
  for (const u of i.updates) if (u.updatedAt > t) t = u.updatedAt;
  return t;
}

/** When the feed last changed: its newest entry change, or the page settings. */
function feedUpdated(s: PublicSnapshot, entries: SnapIncident[]): Date {
  let t = s.page.updatedAt;
  for (const i of entries) {
    const u = entryUpdated(i);
    if (u > t) t = u;
  }
  return t;
}

/** RFC 822 date-time (as RSS 2.0 requires), e.g. "Tue, 11 Mar 2025 07:41:02 GMT". */
export function rfc822(d: Date): string {
  return d.toUTCString();
}

/** RFC 3339 date-time (as Atom requires), e.g. "2025-03-11T07:41:02.598Z". */
export function rfc3339(d: Date): string {
  return d.toISOString();
}

function pageLink(s: PublicSnapshot): string {
  return pageBaseUrl(s) || "/";
}

export function historyRss(s: PublicSnapshot): string {
  const entries = feedEntries(s);
  const base = pageBaseUrl(s);
  const title = escapeXml(feedTitle(s));
  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">`,
    `<channel>`,
    `<title>${title}</title>`,
    `<link>${escapeXml(pageLink(s))}</link>`,
    `<description>${title}</description>`,
  ];
  if (isAbsoluteHttpUrl(base)) {
    lines.push(`<atom:link href="${escapeXml(`${base}/history.rss`)}" rel="self" type="application/rss+xml"/>`);
  }
  const updated = rfc822(feedUpdated(s, entries));
  lines.push(`<pubDate>${updated}</pubDate>`, `<lastBuildDate>${updated}</lastBuildDate>`, `<generator>Herald</generator>`);
  for (const i of entries) {
    const url = incidentUrl(s, i.id);
    const permalink = isAbsoluteHttpUrl(url);
    lines.push(
      `<item>`,
      `<title>${escapeXml(i.name)}</title>`,
      `<description>${escapeXml(entryHtml(s, i))}</description>`,
      `<pubDate>${rfc822(i.createdAt)}</pubDate>`,
      `<link>${escapeXml(url)}</link>`,
      `<guid isPermaLink="${permalink}">${escapeXml(permalink ? url : `herald:incident:${i.id}`)}</guid>`,
      `</item>`,
    );
  }
  lines.push(`</channel>`, `</rss>`, ``);
  return lines.join("\n");
}

/** An absolute IRI for Atom ids: the URL itself, or a URN when the page has no public URL. */
function atomId(url: string, urn: string): string {
  return isAbsoluteHttpUrl(url) ? url : urn;
}

export function historyAtom(s: PublicSnapshot): string {
  const entries = feedEntries(s);
  const base = pageBaseUrl(s);
  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">`,
    `<id>${escapeXml(atomId(`${base}/history`, `urn:herald:${s.page.id || "page"}:history`))}</id>`,
    `<title>${escapeXml(feedTitle(s))}</title>`,
    `<updated>${rfc3339(feedUpdated(s, entries))}</updated>`,
    `<link rel="alternate" type="text/html" href="${escapeXml(pageLink(s))}"/>`,
  ];
  if (isAbsoluteHttpUrl(base)) {
    lines.push(`<link rel="self" type="application/atom+xml" href="${escapeXml(`${base}/history.atom`)}"/>`);
  }
  lines.push(`<author><name>${escapeXml(s.page.name)}</name></author>`, `<generator>Herald</generator>`);
  for (const i of entries) {
    const url = incidentUrl(s, i.id);
    lines.push(
      `<entry>`,
      `<id>${escapeXml(atomId(url, `urn:herald:incident:${i.id}`))}</id>`,
      `<title>${escapeXml(i.name)}</title>`,
      `<published>${rfc3339(i.createdAt)}</published>`,
      `<updated>${rfc3339(entryUpdated(i))}</updated>`,
      `<link rel="alternate" type="text/html" href="${escapeXml(url)}"/>`,
      `<content type="html">${escapeXml(entryHtml(s, i))}</content>`,
      `</entry>`,
    );
  }
  lines.push(`</feed>`, ``);
  return lines.join("\n");
}
