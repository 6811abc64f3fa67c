// How a post found on X's timeline is recognised as the post of a message (crash reconciliation):
// X shortens links to t.co and returns &, <, > as HTML entities; the comparison undoes that.
import { describe, expect, it } from "vitest";
import { fitTweet, samePost } from "@/lib/notify/channels/x";

describe("samePost", () => {
  it("compares text with X's changes undone: entities, NFC, t.co links", () => {
    const text = "[Acme] A & B <down> café\n\nhttps://status.acme.com/incidents/i1";
    expect(samePost(text, { text, urls: [] })).toBe(true);
    expect(samePost(text, { text: "[Acme] A &amp; B &lt;down&gt; cafe\u0301\n\nhttps://t.co/abcdefghij", urls: [] })).toBe(true);
    expect(
      samePost(text, {
        text: "[Acme] A &amp; B &lt;down&gt; café\n\nhttps://t.co/abcdefghij",
        urls: [{ url: "https://t.co/abcdefghij", expandedUrl: "https://status.acme.com/incidents/i2" }],
      }),
    ).toBe(false);
    expect(samePost(text, { text: "[Acme] A & B <up> café\n\nhttps://t.co/abcdefghij", urls: [] })).toBe(false);
    expect(samePost(text, { text: "[Acme] A & B <down> café", urls: [] })).toBe(false);
  });

  it("finds links as X does (twitter-text), scheme-less ones included, and compares their expansion", () => {
    const text = fitTweet("[Acme] api.acme.com is slow (Investigating)", "Requests time out.", "https://status.acme.com/incidents/i1");
    expect(
      samePost(text, {
        text: "[Acme] https://t.co/aaaaaaaaaa is slow (Investigating)\nRequests time out.\n\nhttps://t.co/bbbbbbbbbb",
        urls: [
          { url: "https://t.co/aaaaaaaaaa", expandedUrl: "http://api.acme.com" },
          { url: "https://t.co/bbbbbbbbbb", expandedUrl: "https://status.acme.com/incidents/i1" },
        ],
      }),
    ).toBe(true);
    expect(
      samePost(text, {
        text: "[Acme] https://t.co/aaaaaaaaaa is slow (Investigating)\nRequests time out.\n\nhttps://t.co/bbbbbbbbbb",
        urls: [
          { url: "https://t.co/aaaaaaaaaa", expandedUrl: "http://api.acme.com" },
          { url: "https://t.co/bbbbbbbbbb", expandedUrl: "https://status.acme.com/incidents/i9" },
        ],
      }),
    ).toBe(false);
  });
});
