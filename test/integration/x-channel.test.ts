// The X channel end to end: the real twitter-api-v2 SDK over TLS against the local fake X API
// (lib/fakes/x-api.ts), no mocks. Covers posting, replies, configuration, and how each failure
// is classified.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { startFakeX, type FakeX } from "@/lib/fakes/x-api";
import type { ChannelSender, OutboundMessage } from "@/lib/notify/channels/types";
import { createXSender, listOwnRecentPosts, tweetLength, x, type XSenderOptions } from "@/lib/notify/channels/x";

const APP_KEY = "fake-app-key";

let fake: FakeX;
let sender: ChannelSender;
const opened: ChannelSender[] = [];

function config(overrides: Record<string, string | undefined> = {}) {
  return parseConfig({
    X_APP_KEY: APP_KEY,
    X_APP_SECRET: "fake-app-secret",
    X_ACCESS_TOKEN: "1600000000000000001-faketoken",
    X_ACCESS_SECRET: "fake-access-secret",
    X_API_URL: fake.url,
    ...overrides,
  });
}

function open(opts: Omit<XSenderOptions, "ca"> = {}, overrides: Record<string, string | undefined> = {}): ChannelSender {
  const s = createXSender(config(overrides), { ca: fake.ca, ...opts });
  opened.push(s);
  return s;
}

let seq = 0;
function message(over: Partial<OutboundMessage> = {}): OutboundMessage {
  seq++;
  return {
    deliveryId: `d${seq}`,
    notificationId: `n${seq}`,
    channel: "x",
    to: null,
    subject: `[Acme] API outage ${seq} (Investigating)`,
    text: `API outage ${seq}\n\nInvestigating: Requests to the API fail for some customers.\n\nFollow this incident: https://status.acme.test/incidents/i${seq}`,
    html: "<p>unused</p>",
    idempotencyKey: `<d${seq}@status.acme.test>`,
    threadKey: "<incident.i1@status.acme.test>",
    links: { unsubscribe: null, oneClick: null, page: `https://status.acme.test/incidents/i${seq}` },
    ...over,
  };
}

beforeAll(async () => {
  fake = await startFakeX({ consumerKey: APP_KEY });
  sender = open();
});

afterAll(async () => {
  for (const s of opened) await s.close();
  await fake?.close();
});

afterEach(() => {
  fake.posts.length = 0;
});

describe("x channel configuration", () => {
  it("is off without credentials, naming the missing variables", () => {
    const state = x.configure(parseConfig({}));
    expect(state.on).toBe(false);
    if (!state.on) {
      for (const k of ["X_APP_KEY", "X_APP_SECRET", "X_ACCESS_TOKEN", "X_ACCESS_SECRET"]) expect(state.reason).toContain(k);
    }
    const partial = x.configure(parseConfig({ X_APP_KEY: "k", X_APP_SECRET: "s", X_ACCESS_TOKEN: "t" }));
    expect(partial).toEqual({ on: false, reason: "X_ACCESS_SECRET is not set" });
    expect(() => createXSender(parseConfig({}))).toThrow(/X_APP_KEY/);
  });

  it("is off with an X_API_URL the SDK cannot speak to", () => {
    const state = x.configure(config({ X_API_URL: "http://127.0.0.1:1" }));
    expect(state.on).toBe(false);
    if (!state.on) expect(state.reason).toContain("X_API_URL");
  });

  it("is on with all four credentials", () => {
    const state = x.configure(config());
    expect(state.on).toBe(true);
    expect(x.concurrency(config())).toBe(1);
  });

  it("does not trust the fake's certificate unless told to", async () => {
    const state = x.configure(config());
    if (!state.on) throw new Error("off");
    const untrusting = state.open();
    try {
      const outcome = await untrusting.send(message());
      expect(outcome.kind).toBe("retry");
      expect(fake.posts).toHaveLength(0);
    } finally {
      await untrusting.close();
    }
  });

  it("trusts the certificate named by X_API_CA, and says so when it cannot read it", async () => {
    const caFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "herald-x-ca-")), "ca.pem");
    fs.writeFileSync(caFile, fake.ca);
    const state = x.configure(config({ X_API_CA: caFile }));
    if (!state.on) throw new Error("off");
    const trusting = state.open();
    try {
      expect((await trusting.send(message())).kind).toBe("sent");
      expect(fake.posts.length).toBeGreaterThan(0);
    } finally {
      await trusting.close();
    }
    expect(x.configure(config({ X_API_CA: `${caFile}.missing` }))).toMatchObject({ on: false, reason: expect.stringMatching(/^X_API_CA cannot be read/) });
  });
});

describe("x channel sending", () => {
  it("posts through the SDK and the fake has it", async () => {
    const m = message();
    const outcome = await sender.send(m);
    expect(outcome.kind).toBe("sent");
    expect(fake.posts).toHaveLength(1);
    const post = fake.posts[0]!;
    if (outcome.kind === "sent") expect(outcome.providerId).toBe(post.id);
    expect(post.id).toMatch(/^\d{15,20}$/);
    expect(post.inReplyTo).toBeNull();
    expect(post.text.startsWith(m.subject)).toBe(true);
    expect(post.text.endsWith(m.links.page)).toBe(true);
    expect(post.text).toContain("Requests to the API fail");
    expect(post.text).not.toContain("Follow this incident");
  });

  it("replies to the post named by replyTo, so an incident reads as a thread", async () => {
    const first = await sender.send(message());
    if (first.kind !== "sent" || !first.providerId) throw new Error(`not sent: ${JSON.stringify(first)}`);
    const second = await sender.send(message({ replyTo: first.providerId }));
    if (second.kind !== "sent" || !second.providerId) throw new Error(`not sent: ${JSON.stringify(second)}`);
    const third = await sender.send(message({ replyTo: first.providerId }));
    expect(third.kind).toBe("sent");
    expect(fake.posts.map((p) => p.inReplyTo)).toEqual([null, first.providerId, first.providerId]);
    // X's timeline says so too (referenced_tweets), read through the SDK.
    const posts = await listOwnRecentPosts(config(), { since: new Date(Date.now() - 60_000), ca: fake.ca });
    expect(posts.map((p) => p.inReplyTo)).toEqual([first.providerId, first.providerId, null]);
  });

  it("posts on its own when replyTo is null or absent", async () => {
    expect((await sender.send(message({ replyTo: null }))).kind).toBe("sent");
    expect((await sender.send(message())).kind).toBe("sent");
    expect(fake.posts.map((p) => p.inReplyTo)).toEqual([null, null]);
  });

  it("posts on its own when the post replied to is gone, rather than losing the update", async () => {
    const outcome = await sender.send(message({ replyTo: "1234567890123456789" }));
    expect(outcome.kind).toBe("sent");
    expect(fake.posts).toHaveLength(1);
    expect(fake.posts[0]!.inReplyTo).toBeNull();
  });

  it("fits a long message (emoji, CJK) into 280 weighted characters, so X never refuses it as too long", async () => {
    const m = message({
      subject: "[Acme] 🔥 データベース障害 (Investigating)",
      text: `Database\n\nInvestigating: ${"東京リージョンのデータベースに接続できません。🙏 ".repeat(20)}${"We are looking into it. ".repeat(30)}`,
    });
    const outcome = await sender.send(m);
    expect(outcome.kind).toBe("sent");
    const post = fake.posts[0]!;
    expect(tweetLength(post.text)).toBeLessThanOrEqual(280);
    expect(post.text.endsWith(`…\n\n${m.links.page}`)).toBe(true);
  });

  it("retries a 429 when the rate-limit window resets (x-rate-limit-reset)", async () => {
    const reset = Math.floor(Date.now() / 1000) + 120;
    fake.failNext(1, { status: 429, rateLimitReset: reset });
    const outcome = await sender.send(message());
    expect(outcome.kind).toBe("retry");
    if (outcome.kind === "retry") {
      expect(outcome.error).toContain("429");
      expect(outcome.retryAfterMs).toBeGreaterThan(100_000);
      expect(outcome.retryAfterMs).toBeLessThanOrEqual(120_000);
    }
    expect(fake.posts).toHaveLength(0);
  });

  it("retries a 429 after Retry-After when there is no reset header", async () => {
    fake.failNext(1, { status: 429, retryAfter: 7 });
    const outcome = await sender.send(message());
    expect(outcome).toMatchObject({ kind: "retry", retryAfterMs: 7000 });
  });

  it("retries a 500 and a 503", async () => {
    fake.failNext(1, { status: 500 });
    expect((await sender.send(message())).kind).toBe("retry");
    fake.failNext(1, { status: 503 });
    expect((await sender.send(message())).kind).toBe("retry");
    expect(fake.posts).toHaveLength(0);
  });

  it("retries when the connection drops without an answer", async () => {
    fake.failNext(1, { drop: true });
    const outcome = await sender.send(message());
    expect(outcome.kind).toBe("retry");
    expect(fake.posts).toHaveLength(0);
  });

  it("fails a duplicate post with a clear reason", async () => {
    const m = message();
    expect((await sender.send(m)).kind).toBe("sent");
    const again = await sender.send({ ...m, deliveryId: "other" });
    expect(again.kind).toBe("failed");
    if (again.kind === "failed") {
      expect(again.error).toMatch(/duplicate/i);
      expect(again.error).toContain("403");
    }
    expect(fake.posts).toHaveLength(1);
  });

  it("fails on other 4xx (bad credentials)", async () => {
    const wrongKey = open({}, { X_APP_KEY: "not-the-key" });
    const outcome = await wrongKey.send(message());
    expect(outcome.kind).toBe("failed");
    if (outcome.kind === "failed") expect(outcome.error).toContain("401");
  });
});

describe("listOwnRecentPosts", () => {
  it("finds the account's posts since a time, newest first", async () => {
    const before = new Date(Date.now() - 5_000);
    const a = await sender.send(message());
    const b = await sender.send(message());
    if (a.kind !== "sent" || b.kind !== "sent") throw new Error("not sent");
    const posts = await listOwnRecentPosts(config(), { since: before, ca: fake.ca });
    expect(posts.map((p) => p.id)).toEqual([b.providerId, a.providerId]);
    expect(posts[0]!.text).toBe(fake.posts[1]!.text);
    expect(posts[0]!.createdAt).toBeInstanceOf(Date);
    expect(Math.abs(posts[0]!.createdAt.getTime() - Date.now())).toBeLessThan(60_000);

    const none = await listOwnRecentPosts(config(), { since: new Date(Date.now() + 60_000), ca: fake.ca });
    expect(none).toEqual([]);
  });

  it("throws when X is not configured", async () => {
    await expect(listOwnRecentPosts(parseConfig({}), { since: new Date() })).rejects.toThrow(/X_APP_KEY/);
  });
});

describe("findSent (crash reconciliation)", () => {
  it("finds the post of a message sent after `since`, and null for one never posted", async () => {
    const since = new Date(Date.now() - 2_000);
    const m = message();
    const other = message();
    const outcome = await sender.send(m);
    await sender.send(other);
    if (outcome.kind !== "sent") throw new Error("not sent");
    expect(await sender.findSent!(m, since)).toBe(outcome.providerId);
    expect(await sender.findSent!(message(), since)).toBeNull();
    // Posted before `since`: not this attempt's.
    expect(await sender.findSent!(m, new Date(Date.now() + 60_000))).toBeNull();
  });

  it("follows the timeline's pages (next_token) to an older post", async () => {
    const paged = await startFakeX({ consumerKey: APP_KEY, maxResults: 2 });
    try {
      const s = createXSender(config({ X_API_URL: paged.url }), { ca: paged.ca });
      opened.push(s);
      const since = new Date(Date.now() - 2_000);
      const first = message();
      const outcome = await s.send(first);
      for (let i = 0; i < 5; i++) expect((await s.send(message())).kind).toBe("sent");
      if (outcome.kind !== "sent") throw new Error("not sent");
      expect(await s.findSent!(first, since)).toBe(outcome.providerId);
      expect(paged.requestCount()).toBeGreaterThanOrEqual(6 + 1 + 3); // posts, users/me, 3 pages
    } finally {
      await paged.close();
    }
  });

  it("matches a post whose links X shortened to t.co (entities.urls), and tells two incidents apart by their links", async () => {
    const shortening = await startFakeX({ consumerKey: APP_KEY, shortenLinks: true });
    try {
      const s = createXSender(config({ X_API_URL: shortening.url }), { ca: shortening.ca });
      opened.push(s);
      const since = new Date(Date.now() - 2_000);
      // Same words, two incidents: only the link differs. A real TLD, so X (and twitter-text) make it a link.
      const words = { subject: "[Acme] API outage (Investigating) & more", text: "Requests fail <sometimes>." };
      const a = message({ ...words, links: { unsubscribe: null, oneClick: null, page: "https://status.acme.com/incidents/a" } });
      const b = message({ ...words, links: { unsubscribe: null, oneClick: null, page: "https://status.acme.com/incidents/b" } });
      const sentA = await s.send(a);
      if (sentA.kind !== "sent") throw new Error(`not sent: ${JSON.stringify(sentA)}`);
      expect(shortening.posts[0]!.text).toMatch(/https:\/\/t\.co\/\S{10}$/);
      expect(shortening.posts[0]!.text).not.toContain("status.acme.com");
      expect(await s.findSent!(a, since)).toBe(sentA.providerId);
      expect(await s.findSent!(b, since)).toBeNull();
    } finally {
      await shortening.close();
    }
  });

  it("throws when X cannot be asked", async () => {
    const nowhere = await startFakeX({ consumerKey: APP_KEY });
    const url = nowhere.url;
    const ca = nowhere.ca;
    await nowhere.close();
    const s = createXSender(config({ X_API_URL: url }), { ca });
    opened.push(s);
    await expect(s.findSent!(message(), new Date(Date.now() - 1000))).rejects.toThrow();
    fake.failNext(1, { status: 503 });
    await expect(sender.findSent!(message(), new Date(Date.now() - 1000))).rejects.toThrow();
  });
});
