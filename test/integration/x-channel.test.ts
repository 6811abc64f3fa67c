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

  it("replies to the parent post when one is supplied", async () => {
    const first = await sender.send(message());
    if (first.kind !== "sent" || !first.providerId) throw new Error(`not sent: ${JSON.stringify(first)}`);
    const asked: OutboundMessage[] = [];
    const replying = open({
      parentFor: async (m) => {
        asked.push(m);
        return first.providerId;
      },
    });
    const m = message();
    const outcome = await replying.send(m);
    expect(outcome.kind).toBe("sent");
    expect(asked).toEqual([m]);
    expect(fake.posts).toHaveLength(2);
    expect(fake.posts[1]!.inReplyTo).toBe(first.providerId);
  });

  it("posts on its own when parentFor has no parent, and retries when it throws", async () => {
    const none = open({ parentFor: async () => null });
    expect((await none.send(message())).kind).toBe("sent");
    expect(fake.posts[0]!.inReplyTo).toBeNull();
    const broken = open({
      parentFor: async () => {
        throw new Error("db down");
      },
    });
    const outcome = await broken.send(message());
    expect(outcome.kind).toBe("retry");
    if (outcome.kind === "retry") expect(outcome.error).toContain("db down");
    expect(fake.posts).toHaveLength(1);
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
