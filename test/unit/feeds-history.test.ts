// lib/feeds/history.ts: RSS 2.0 and Atom 1.0 well-formed (strict parser), their structure, dates,
// escaping of user text, the per-update paragraphs and labels, the cap and determinism.
import { describe, expect, it } from "vitest";
import { FEED_LIMIT, entryHtml, feedTime, historyAtom, historyRss } from "@/lib/feeds/history";
import { kid, kids, parseXml } from "@/test/contract/helpers/xml";
import { at, exampleSnapshot, incident, page, snapshot } from "@/test/contract/helpers/snapshot";

const RFC822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} (GMT|[+-]\d{4})$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const EVIL = `Fix <script>alert("x")</script> & "quotes" 'too' ]]> \u0001bell\nsecond line`;

function evilSnapshot() {
  const s = exampleSnapshot();
  s.incidents[0]!.name = `Outage <b>&</b> "now"`;
  s.incidents[0]!.updates[0]!.body = EVIL;
  return s;
}

describe("RSS 2.0", () => {
  const s = evilSnapshot();
  const rss = parseXml(historyRss(s));
  const channel = kid(rss, "channel");
  const items = kids(channel, "item");

  it("is well-formed RSS 2.0 with a channel title, link and description", () => {
    expect(rss.name).toBe("rss");
    expect(rss.attrs.version).toBe("2.0");
    expect(kid(channel, "title").text).toBe("Acme Cloud Status - Incident History");
    expect(kid(channel, "link").text).toBe("https://status.acme.example");
    expect(kid(channel, "description").text.length).toBeGreaterThan(0);
    expect(kid(channel, "atom:link").attrs).toMatchObject({ rel: "self", href: "https://status.acme.example/history.rss" });
    expect(kid(channel, "lastBuildDate").text).toMatch(RFC822);
  });

  it("has one item per incident or maintenance, newest first, with title, link, guid and RFC 822 pubDate", () => {
    expect(items.map((i) => kid(i, "title").text)).toEqual([`Outage <b>&</b> "now"`, "Database engine upgrade"]);
    const first = items[0]!;
    expect(kid(first, "link").text).toBe("https://status.acme.example/incidents/cp306tmzcl0y");
    expect(kid(first, "guid").attrs.isPermaLink).toBe("true");
    expect(kid(first, "guid").text).toBe("https://status.acme.example/incidents/cp306tmzcl0y");
    expect(kid(first, "pubDate").text).toMatch(RFC822);
    expect(kid(first, "pubDate").text).toBe(new Date(s.incidents[0]!.createdAt).toUTCString());
  });

  it("carries the update paragraphs as escaped HTML, with the user's text escaped once more", () => {
    const html = kid(items[0]!, "description").text;
    expect(html).toBe(entryHtml(s, s.incidents[0]!));
    expect(html).toContain("&lt;script&gt;");
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("\u0001");
    expect(html).toContain("second line");
  });
});

describe("Atom 1.0", () => {
  const s = evilSnapshot();
  const feed = parseXml(historyAtom(s));
  const entries = kids(feed, "entry");

  it("is well-formed Atom with id, title, updated, links and author", () => {
    expect(feed.name).toBe("feed");
    expect(feed.attrs.xmlns).toBe("http://www.w3.org/2005/Atom");
    expect(kid(feed, "id").text).toBe("https://status.acme.example/history");
    expect(kid(feed, "updated").text).toMatch(RFC3339);
    expect(kid(feed, "title").text).toBe("Acme Cloud Status - Incident History");
    expect(kids(feed, "link").map((l) => l.attrs.rel).sort()).toEqual(["alternate", "self"]);
    expect(kid(kid(feed, "author"), "name").text).toBe("Acme Cloud");
  });

  it("has entries with id, title, published, updated, link and html content", () => {
    expect(entries).toHaveLength(2);
    const e = entries[0]!;
    expect(kid(e, "id").text).toBe("https://status.acme.example/incidents/cp306tmzcl0y");
    expect(kid(e, "title").text).toBe(`Outage <b>&</b> "now"`);
    expect(kid(e, "published").text).toMatch(RFC3339);
    expect(kid(e, "updated").text).toMatch(RFC3339);
    expect(kid(e, "updated").text).toBe(s.incidents[0]!.updates[0]!.updatedAt.toISOString());
    expect(kid(e, "link").attrs).toMatchObject({ rel: "alternate", href: "https://status.acme.example/incidents/cp306tmzcl0y" });
    expect(kid(e, "content").attrs.type).toBe("html");
    expect(kid(e, "content").text).toBe(entryHtml(s, s.incidents[0]!));
  });

  it("feed updated is the newest entry change", () => {
    expect(kid(feed, "updated").text).toBe(at(41).toISOString());
  });
});

describe("entry content", () => {
  it("has one paragraph per update, newest first, labelled, 'Update' when the status did not change", () => {
    const i = incident({ name: "x", status: "resolved", resolvedAt: at(30) }, [
      { status: "investigating", displayAt: at(0), body: "one" },
      { status: "investigating", displayAt: at(10), body: "two" },
      { status: "identified", displayAt: at(20), body: "three" },
      { status: "resolved", displayAt: at(30), body: "four" },
    ]);
    const html = entryHtml(snapshot({ incidents: [i] }), i);
    const paragraphs = html.match(/<p>.*?<\/p>/g)!;
    expect(paragraphs).toHaveLength(4);
    expect(paragraphs.map((p) => /<strong>(.*?)<\/strong> - (\w+)/.exec(p)!.slice(1))).toEqual([
      ["Resolved", "four"],
      ["Identified", "three"],
      ["Update", "two"],
      ["Investigating", "one"],
    ]);
    expect(paragraphs[0]).toBe(
      `<p><small>Mar <var data-var="date">11</var>, <var data-var="time">07:30</var> UTC</small><br><strong>Resolved</strong> - four</p>`,
    );
    // The paragraphs are well-formed markup too.
    expect(() => parseXml(`<div>${html.replace(/<br>/g, "<br/>")}</div>`)).not.toThrow();
  });

  it("labels maintenance statuses with the vocabulary", () => {
    const i = incident({ name: "m", kind: "maintenance", status: "in_progress", scheduledFor: at(0), scheduledUntil: at(60) }, [
      { status: "scheduled", displayAt: at(-100) },
      { status: "in_progress", displayAt: at(0) },
    ]);
    expect(entryHtml(snapshot({ incidents: [i] }), i)).toMatch(/<strong>In progress<\/strong>.*<strong>Scheduled<\/strong>/);
  });

  it("shows times in the page's time zone", () => {
    expect(feedTime(new Date("2025-07-01T12:05:00Z"), "Etc/UTC")).toBe(`Jul <var data-var="date">1</var>, <var data-var="time">12:05</var> UTC`);
    expect(feedTime(new Date("2025-07-01T23:30:00Z"), "America/New_York")).toContain(`<var data-var="time">19:30</var> EDT`);
    expect(feedTime(new Date("2025-07-01T00:00:00Z"), "Not/AZone")).toContain(`<var data-var="time">00:00</var> UTC`);
  });
});

describe("feeds", () => {
  it("cap at 50 entries, newest first", () => {
    const incidents = Array.from({ length: 70 }, (_, n) => incident({ name: `i${n}`, status: "resolved", createdAt: at(n), resolvedAt: at(n + 1) }));
    const s = snapshot({ incidents });
    const items = kids(kid(parseXml(historyRss(s)), "channel"), "item");
    expect(items).toHaveLength(FEED_LIMIT);
    expect(kid(items[0]!, "title").text).toBe("i69");
    expect(kids(parseXml(historyAtom(s)), "entry")).toHaveLength(FEED_LIMIT);
  });

  it("are deterministic: the same snapshot data gives the same bytes", () => {
    const a = exampleSnapshot();
    const b = { ...a, version: 2, builtAt: at(999) };
    expect(historyRss(b)).toBe(historyRss(a));
    expect(historyAtom(b)).toBe(historyAtom(a));
  });

  it("stay valid for an empty page with no public URL", () => {
    const s = snapshot({ page: page({ url: "", id: "" }) });
    const rss = parseXml(historyRss(s));
    expect(kids(kid(rss, "channel"), "item")).toHaveLength(0);
    const atom = parseXml(historyAtom(s));
    expect(kid(atom, "id").text).toMatch(/^urn:/);
  });

  it("escape a page name with markup", () => {
    const s = snapshot({ page: page({ name: `A&B <Status>` }) });
    expect(kid(kid(parseXml(historyRss(s)), "channel"), "title").text).toBe("A&B <Status> Status - Incident History");
    expect(kid(parseXml(historyAtom(s)), "title").text).toBe("A&B <Status> Status - Incident History");
  });
});
