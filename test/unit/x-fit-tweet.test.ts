// fitTweet: the X post body, at most 280 weighted characters per twitter-text (URLs 23, emoji and
// CJK 2), cut between words and never inside an emoji or grapheme, always ending with the URL.
import twitterText from "twitter-text";
import { describe, expect, it } from "vitest";
import { fitTweet, tweetLength, X_MAX_WEIGHTED_LENGTH } from "@/lib/notify/channels/x";

const URL = "https://status.acme.com/incidents/cm1abc2def3ghi4jkl5mno6pq";
const graphemes = (s: string) => [...new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(s)].map((g) => g.segment);

/** The part before the URL, with its "…" and the blank line removed. */
function body(tweet: string, url = URL): string {
  expect(tweet.endsWith(url)).toBe(true);
  return tweet.slice(0, tweet.length - url.length).replace(/\n\n$/, "").replace(/…$/, "");
}

function expectValid(tweet: string, url = URL) {
  expect(tweetLength(tweet)).toBeLessThanOrEqual(X_MAX_WEIGHTED_LENGTH);
  expect(twitterText.parseTweet(tweet).valid).toBe(true);
  expect(tweet.endsWith(url)).toBe(true);
}

describe("fitTweet", () => {
  it("keeps a short message whole: subject, details, blank line, URL", () => {
    const t = fitTweet("[Acme] API outage (Investigating)", "API outage\n\nInvestigating: Requests fail.\n\nFollow this incident: https://x.test/i/1", URL);
    expect(t).toBe(`[Acme] API outage (Investigating)\nInvestigating: Requests fail.\n\n${URL}`);
    expectValid(t);
  });

  it("leaves out lines with links and lines the subject already says", () => {
    const t = fitTweet("[Acme] DB (Resolved)", "DB\n\nResolved: fixed\n\nUnsubscribe: https://u.test/x\nFollow: http://f.test", URL);
    expect(t).not.toContain("u.test");
    expect(t).not.toContain("f.test");
    expect(t).toBe(`[Acme] DB (Resolved)\nResolved: fixed\n\n${URL}`);
  });

  it("counts the URL as 23, whatever its length", () => {
    const longUrl = `https://status.acme.com/incidents/${"a".repeat(200)}`;
    const t = fitTweet("Subject", "x ".repeat(300), longUrl);
    expectValid(t, longUrl);
    // 280 - 23 (URL) - 2 (blank line) leaves room for far more than 280 - 200 characters of text.
    expect(body(t, longUrl).length).toBeGreaterThan(200);
  });

  it("cuts long text between words, with an ellipsis, as close to 280 as words allow", () => {
    const words = Array.from({ length: 120 }, (_, i) => `word${i}`);
    const t = fitTweet("[Acme] Long (Investigating)", words.join(" "), URL);
    expectValid(t);
    expect(t).toContain("…\n\n");
    const kept = body(t).split(/\s+/);
    const last = kept[kept.length - 1]!;
    expect(words).toContain(last); // the last word is whole
    // Adding the next word would not fit.
    expect(tweetLength(t)).toBeGreaterThan(X_MAX_WEIGHTED_LENGTH - 10);
  });

  it("does not leave punctuation or spaces before the ellipsis", () => {
    const t = fitTweet("S", `${"abc, ".repeat(100)}`, URL);
    expectValid(t);
    expect(t).toMatch(/abc…\n\n/);
  });

  it("weighs emoji as 2 and never splits one, ZWJ sequences and flags included", () => {
    const emoji = ["🔥", "👩‍👩‍👧‍👦", "🇯🇵", "👍🏽", "❤️"];
    const text = Array.from({ length: 200 }, (_, i) => emoji[i % emoji.length]).join(" ");
    const t = fitTweet("[Acme] Emoji (Monitoring)", text, URL);
    expectValid(t);
    const kept = body(t).split("\n")[1]!;
    for (const g of graphemes(kept.replace(/ /g, ""))) expect(emoji).toContain(g);
    // Every emoji weighs 2: the kept part is about half as many emoji as a Latin text would keep.
    expect(tweetLength(t)).toBeGreaterThan(X_MAX_WEIGHTED_LENGTH - 6);
  });

  it("weighs CJK as 2 and cuts between words", () => {
    const text = "東京リージョンのデータベースに接続できない状態が続いています。".repeat(20);
    const t = fitTweet("[Acme] 障害 (調査中)", text, URL);
    expectValid(t);
    const kept = body(t);
    expect(kept.length).toBeLessThan(140); // 2 per character
    // The cut lands on a word boundary of the segmenter.
    const seg = new Intl.Segmenter(undefined, { granularity: "word" });
    const cuts = new Set([...seg.segment(kept.split("\n")[1]! + "X")].map((s) => s.index));
    expect(cuts.has(kept.split("\n")[1]!.length)).toBe(true);
  });

  it("is whole at exactly 280 weighted characters and cut at 281", () => {
    const subject = "S";
    // Fixed cost: "S\n" (2) + "\n\n" (2) + URL (23) = 27.
    const fixed = tweetLength(`${subject}\n\n\n${URL}`);
    expect(fixed).toBe(27);
    const exact = "a".repeat(X_MAX_WEIGHTED_LENGTH - fixed);
    const t280 = fitTweet(subject, `hello ${exact}`.slice(6), URL);
    expect(tweetLength(t280)).toBe(280);
    expect(t280).toBe(`S\n${exact}\n\n${URL}`);

    const words281 = `${"abcd ".repeat(50)}${"e".repeat(X_MAX_WEIGHTED_LENGTH - fixed - 250 + 1)}`;
    expect(tweetLength(`S\n${words281}\n\n${URL}`)).toBe(281);
    const t281 = fitTweet(subject, words281, URL);
    expectValid(t281);
    expect(t281).toBe(`S\n${"abcd ".repeat(50).trimEnd()}…\n\n${URL}`);
  });

  it("is whole at exactly 280 with emoji (the last emoji counted as 2)", () => {
    const fixed = tweetLength(`S\n\n\n${URL}`);
    const text = `${"a".repeat(X_MAX_WEIGHTED_LENGTH - fixed - 2)}🔥`;
    expect(fitTweet("S", text, URL)).toBe(`S\n${text}\n\n${URL}`);
    const over = `${"a".repeat(X_MAX_WEIGHTED_LENGTH - fixed - 1)}🔥`;
    const t = fitTweet("S", over, URL);
    expectValid(t);
    expect(t).not.toContain("🔥");
  });

  it("cuts a single word longer than the room between graphemes, never inside one", () => {
    const t = fitTweet("", "👩‍👩‍👧‍👦".repeat(300), URL);
    expectValid(t);
    const kept = body(t);
    expect(kept.length).toBeGreaterThan(0);
    for (const g of graphemes(kept)) expect(g).toBe("👩‍👩‍👧‍👦");
  });

  it("cuts a long subject when there is no room for the details", () => {
    const subject = `[Acme] ${"Very long incident name ".repeat(20)}(Investigating)`;
    const t = fitTweet(subject, "Investigating: details", URL);
    expectValid(t);
    expect(t.startsWith("[Acme] Very long incident name")).toBe(true);
    expect(t).not.toContain("details");
  });

  it("measures bare domains in the text as links (23), as X does", () => {
    const text = Array.from({ length: 40 }, (_, i) => `see api${i}.acme.com`).join(" ");
    const t = fitTweet("S", text, URL);
    expectValid(t);
  });

  it("is only the URL when the text is empty", () => {
    expect(fitTweet("", "", URL)).toBe(URL);
    expect(fitTweet("  ", "\n\n", URL)).toBe(URL);
  });

  it("never exceeds 280 over many random mixes", () => {
    const pieces = ["word", "日本語", "🔥", "👩‍👩‍👧‍👦", "é", "a.b", "x.com", "—", "тест", "ﷺ", "\n", "  ", "éé", "🇫🇷"];
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let n = 0; n < 200; n++) {
      const len = Math.floor(rand() * 400);
      const parts = Array.from({ length: len }, () => pieces[Math.floor(rand() * pieces.length)]! + (rand() < 0.6 ? " " : ""));
      const t = fitTweet(`[Acme] Incident ${n}`, parts.join(""), URL);
      expectValid(t);
      // Every grapheme of the result is a grapheme of the input (nothing split).
      const inputGraphemes = new Set(graphemes(`[Acme] Incident ${n}\n${parts.join("")}\n\n${URL}…`));
      for (const g of graphemes(t)) if (!/\s/.test(g)) expect(inputGraphemes.has(g)).toBe(true);
    }
  });
});

describe("fitTweet with a URL X does not recognise as a link", () => {
  it("counts a localhost or .test URL at its full length and still fits", () => {
    const local = "http://localhost:3000/incidents/cm1abc2def3ghi4jkl5mno6pq";
    expect(tweetLength(local)).toBe(local.length);
    const t = fitTweet("S", "word ".repeat(100), local);
    expectValid(t, local);
    expect(tweetLength(t)).toBeGreaterThan(X_MAX_WEIGHTED_LENGTH - 6);
  });
});
