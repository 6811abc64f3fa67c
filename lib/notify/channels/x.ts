// Posts on X through twitter-api-v2 (the only file that imports it), with OAuth 1.0a user
// credentials. X_API_URL sends the SDK's API calls somewhere else than https://api.x.com (the
// local fake in lib/fakes/x-api.ts, a proxy): twitter-api-v2 hard-codes its prefixes, so a plugin
// rewrites each request's URL before it is signed and sent. The SDK only speaks https; a private
// certificate authority (the fake's self-signed certificate) is trusted through an https agent
// given to the client, only when X_API_URL is set.
import fs from "node:fs";
import { Agent } from "node:https";
import { ApiPartialResponseError, ApiRequestError, ApiResponseError, TwitterApi, type ITwitterApiClientPlugin } from "twitter-api-v2";
import twitterText from "twitter-text";
import type { Config } from "@/lib/config";
import type { ChannelDefinition, ChannelSender, OutboundMessage, SendOutcome } from "@/lib/notify/channels/types";

/** X's limit, in weighted characters (twitter-text's parseTweet). */
export const X_MAX_WEIGHTED_LENGTH = 280;
/** Generous on purpose: giving up on a post X may already have accepted risks a duplicate. */
const REQUEST_TIMEOUT_MS = 30_000;
const ELLIPSIS = "…";
const URL_IN_LINE = /https?:\/\/\S+/i;

/** X's weighted length of `s`: URLs count 23, emoji and CJK characters 2. */
export function tweetLength(s: string): number {
  return twitterText.parseTweet(s).weightedLength;
}

function fits(s: string): boolean {
  return tweetLength(s) <= X_MAX_WEIGHTED_LENGTH;
}

const wordSegmenter = new Intl.Segmenter(undefined, { granularity: "word" });
const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** Offsets (UTF-16) where `s` may be cut: between words (never inside a word, emoji or grapheme). */
function boundaries(s: string, segmenter: Intl.Segmenter): number[] {
  const out: number[] = [];
  for (const seg of segmenter.segment(s)) if (seg.index > 0) out.push(seg.index);
  out.push(s.length);
  return out;
}

/**
 * The longest cut of `head` (at a boundary from `cuts`) for which `build(cut)` fits, or null.
 * Binary search: the weighted length of a prefix grows with it (a URL forming can make it
 * shrink, which only means a slightly shorter cut than possible; the result always fits).
 */
function longestFitting(head: string, cuts: number[], build: (prefix: string) => string): string | null {
  let lo = 0;
  let hi = cuts.length - 1;
  let best: string | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const candidate = build(head.slice(0, cuts[mid]));
    if (fits(candidate)) {
      best = candidate;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return best;
}

/** Trailing spaces and punctuation that would sit badly before "…". */
function trimEnd(s: string): string {
  return s.replace(/[\s.,;:!?\-–—(]+$/u, "");
}

/**
 * The post: the subject, then as much of the text as fits, then the incident URL on its own
 * paragraph; at most 280 weighted characters per twitter-text. Lines of the text that carry a
 * link (follow, unsubscribe) and lines the subject already says are left out. When the text
 * must be cut it is cut between words (Intl.Segmenter: never inside a word, an emoji or a
 * grapheme cluster) and ends with "…"; only a single word longer than the whole room is cut,
 * and then between graphemes.
 */
export function fitTweet(subject: string, text: string, url: string): string {
  const link = url.trim();
  const subj = subject.replace(/\s+/g, " ").trim();
  const details = text
    .split("\n")
    .map((l) => l.replace(/\s+/g, " ").trim())
    .filter((l) => l !== "" && !URL_IN_LINE.test(l) && !subj.includes(l))
    .join("\n");
  const head = [subj, details].filter((p) => p !== "").join("\n");
  const tail = link ? `\n\n${link}` : "";
  if (!head) return link;
  const whole = `${head}${tail}`;
  if (fits(whole)) return whole;
  if (link && !fits(link)) return link; // nothing else can fit beside it

  const build = (prefix: string) => {
    const kept = trimEnd(prefix);
    return kept ? `${kept}${ELLIPSIS}${tail}` : link;
  };
  const byWord = longestFitting(head, boundaries(head, wordSegmenter), build);
  if (byWord !== null && byWord !== link) return byWord;
  // The first word alone is longer than the room: cut it between graphemes.
  return longestFitting(head, boundaries(head, graphemeSegmenter), build) ?? link;
}

/** What goes on X for a message: the operator's own post when there is one, else the fitted one. */
export function xPostText(m: Pick<OutboundMessage, "subject" | "text" | "links" | "post">): string {
  return m.post ?? fitTweet(m.subject, m.text, m.links.page);
}

// ---------------------------------------------------------------------------------------------
// Errors

/** Retry-After in milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
function parseRetryAfter(value: unknown, now: number): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (typeof v !== "string" || v.trim() === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(v.trim())) return Math.round(Number(v.trim()) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** When X's rate limit resets: x-rate-limit-reset (epoch seconds), else Retry-After. */
export function retryAfterFromHeaders(headers: Record<string, unknown> | undefined, now = Date.now()): number | undefined {
  const reset = headers?.["x-rate-limit-reset"];
  const r = Array.isArray(reset) ? reset[0] : reset;
  if (typeof r === "string" && /^\d+$/.test(r.trim())) return Math.max(0, Number(r.trim()) * 1000 - now);
  return parseRetryAfter(headers?.["retry-after"], now);
}

/** What Herald reads of an ApiResponseError (X answered with an error status). */
type ResponseErrorLike = { code: number; data: unknown; headers: Record<string, unknown>; message: string };

/**
 * The SDK's errors carry a `type` discriminator ("response", "request", "partial-response");
 * reading it rather than relying on instanceof alone also accepts errors made by another copy
 * of the SDK (and by tests, which may not import the SDK).
 */
function responseError(e: unknown): ResponseErrorLike | null {
  if (e instanceof ApiResponseError) return { code: e.code, data: e.data, headers: e.headers as Record<string, unknown>, message: e.message };
  const o = e as { type?: unknown; code?: unknown; data?: unknown; headers?: unknown; message?: unknown } | null;
  if (o && typeof o === "object" && o.type === "response" && typeof o.code === "number") {
    return { code: o.code, data: o.data, headers: (o.headers ?? {}) as Record<string, unknown>, message: String(o.message ?? "") };
  }
  return null;
}

/** X's words for a refused request: the problem detail, else the first error, else the title. */
function describe(e: ResponseErrorLike): string {
  const data = (e.data ?? {}) as { detail?: unknown; title?: unknown; errors?: { message?: unknown }[] };
  const first = Array.isArray(data.errors) ? data.errors[0]?.message : undefined;
  const text = [data.detail, first, data.title].find((v): v is string => typeof v === "string" && v.trim() !== "");
  return `HTTP ${e.code}: ${text ?? e.message}`.slice(0, 500);
}

function isDuplicate(e: ResponseErrorLike): boolean {
  if (e.code !== 403) return false;
  const data = (e.data ?? {}) as { detail?: unknown; errors?: { code?: unknown; message?: unknown }[] };
  if (typeof data.detail === "string" && /duplicate/i.test(data.detail)) return true;
  const errors = Array.isArray(data.errors) ? data.errors : [];
  return errors.some((x) => x.code === 187 || (typeof x.message === "string" && /duplicate/i.test(x.message)));
}

/** The cause of a request that got no answer (twitter-api-v2 1.29 stores it as `_options.error`
 * while its `requestError` getter reads `_options.requestError`: look in both). */
function requestCause(e: unknown): (Error & { code?: unknown }) | undefined {
  const o = e as { requestError?: unknown; _options?: { error?: unknown; requestError?: unknown } };
  const cause = o.requestError ?? o._options?.error ?? o._options?.requestError;
  return cause instanceof Error ? cause : undefined;
}

/**
 * X's verdict. 429: retry when the rate-limit window resets; 408/5xx and anything that never
 * got a whole answer (refused, reset, timed out, cut short): retry; 403 duplicate content:
 * failed (X refuses the same text every time); any other 4xx: failed.
 */
export function classifyXError(e: unknown, now = Date.now()): SendOutcome {
  const res = responseError(e);
  if (res) {
    const error = describe(res);
    if (res.code === 429) {
      const retryAfterMs = retryAfterFromHeaders(res.headers, now);
      return retryAfterMs === undefined ? { kind: "retry", error } : { kind: "retry", error, retryAfterMs };
    }
    if (isDuplicate(res)) return { kind: "failed", error: `X refused a duplicate of an earlier post (${error})` };
    if (res.code === 408 || res.code >= 500) return { kind: "retry", error };
    if (res.code >= 400) return { kind: "failed", error };
    return { kind: "retry", error };
  }
  const err = e instanceof Error ? e : new Error(String(e));
  const type = (e as { type?: unknown } | null)?.type;
  if (e instanceof ApiRequestError || type === "request") {
    const cause = requestCause(e);
    const detail = cause ? `${typeof cause.code === "string" ? `${cause.code}: ` : ""}${cause.message}` : err.message;
    return { kind: "retry", error: `X could not be reached: ${detail}`.slice(0, 500) };
  }
  if (e instanceof ApiPartialResponseError || type === "partial-response") {
    return { kind: "retry", error: `X's answer was cut short: ${err.message}`.slice(0, 500) };
  }
  return { kind: "retry", error: err.message.slice(0, 500) };
}

// ---------------------------------------------------------------------------------------------
// Client

type XCredentials = { appKey: string; appSecret: string; accessToken: string; accessSecret: string; apiUrl: string | undefined };

const REQUIRED = ["X_APP_KEY", "X_APP_SECRET", "X_ACCESS_TOKEN", "X_ACCESS_SECRET"] as const;

function credentials(config: Config): { ok: true; value: XCredentials } | { ok: false; reason: string } {
  const missing = REQUIRED.filter((k) => !config[k]);
  if (missing.length) return { ok: false, reason: `${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} not set` };
  if (config.X_API_URL && !/^https:\/\//i.test(config.X_API_URL)) {
    return { ok: false, reason: "X_API_URL must be an https:// URL (the X SDK only speaks https)" };
  }
  return {
    ok: true,
    value: {
      appKey: config.X_APP_KEY as string,
      appSecret: config.X_APP_SECRET as string,
      accessToken: config.X_ACCESS_TOKEN as string,
      accessSecret: config.X_ACCESS_SECRET as string,
      apiUrl: config.X_API_URL,
    },
  };
}

/** `uri` (an https://api.x.com or api.twitter.com URL the SDK built) sent to `apiUrl` instead. */
export function rewriteXApiUrl(uri: string, apiUrl: string): string {
  return uri.replace(/^https:\/\/api\.(x|twitter)\.com(:443)?(?=\/|$)/i, apiUrl.replace(/\/+$/, ""));
}

/** Every request: a timeout, and the base URL swapped for X_API_URL when set. */
function heraldPlugin(apiUrl: string | undefined): ITwitterApiClientPlugin {
  return {
    onBeforeRequestConfig({ params }) {
      params.timeout ??= REQUEST_TIMEOUT_MS;
      if (apiUrl) params.url = rewriteXApiUrl(params.url, apiUrl);
    },
  };
}

export type XClientOptions = {
  /** PEM certificate(s) to trust for X_API_URL (the fake's self-signed certificate); only used with X_API_URL. */
  ca?: string | Buffer | (string | Buffer)[];
};

function makeClient(c: XCredentials, opts: XClientOptions): { client: TwitterApi; agent: Agent | undefined } {
  const agent = c.apiUrl ? new Agent({ keepAlive: true, ...(opts.ca ? { ca: opts.ca } : {}) }) : undefined;
  const client = new TwitterApi(
    { appKey: c.appKey, appSecret: c.appSecret, accessToken: c.accessToken, accessSecret: c.accessSecret },
    { plugins: [heraldPlugin(c.apiUrl)], ...(agent ? { httpAgent: agent } : {}) },
  );
  return { client, agent };
}

export type XSenderOptions = XClientOptions;

/** X refused a reply because the post replied to is gone (deleted, or not visible any more). */
function isMissingParent(e: ResponseErrorLike): boolean {
  if (e.code !== 400 && e.code !== 403 && e.code !== 404) return false;
  const said = describe(e);
  return /repl(y|ying)/i.test(said) && /(deleted|not visible|does not exist|not found)/i.test(said);
}

/**
 * A sender posting on X; a message with `replyTo` (the incident's first post, supplied by the
 * delivery engine) is posted as a reply to it, so an incident reads as a thread. When the post
 * replied to is gone, the message is posted on its own rather than lost. Throws when X is not
 * configured (see `x.configure` for the reason).
 */
export function createXSender(config: Config, opts: XSenderOptions = {}): ChannelSender {
  const creds = credentials(config);
  if (!creds.ok) throw new Error(`X is not configured: ${creds.reason}`);
  const { client, agent } = makeClient(creds.value, opts);
  let userId: Promise<string> | undefined;
  const me = () => {
    userId ??= client.v2.me().then((r) => r.data.id);
    userId.catch(() => (userId = undefined)); // ask again next time
    return userId;
  };
  return {
    async send(m: OutboundMessage): Promise<SendOutcome> {
      const text = xPostText(m);
      const parent = m.replyTo ?? null;
      try {
        const res = await client.v2.tweet(text, parent ? { reply: { in_reply_to_tweet_id: parent } } : {});
        return { kind: "sent", providerId: res.data.id };
      } catch (e) {
        const res = parent ? responseError(e) : null;
        if (!res || !isMissingParent(res)) return classifyXError(e);
      }
      // X refused the reply before posting anything: post it on its own.
      try {
        const res = await client.v2.tweet(text);
        return { kind: "sent", providerId: res.data.id };
      } catch (e) {
        return classifyXError(e);
      }
    },
    async findSent(m: OutboundMessage, since: Date): Promise<string | null> {
      const text = xPostText(m);
      try {
        const mine = (p: RecentPost) => samePost(text, p);
        const posts = await ownPostsSince(client, await me(), since, 800, mine);
        return posts.find(mine)?.id ?? null;
      } catch (e) {
        const outcome = classifyXError(e);
        throw new Error(`X could not say whether the post went out: ${outcome.kind === "sent" ? String(e) : outcome.error}`, { cause: e });
      }
    },
    async close() {
      agent?.destroy();
    },
  };
}

export const x: ChannelDefinition = {
  channel: "x",
  // One account, one timeline: posts go out in order, one at a time.
  concurrency: () => 1,
  configure(config) {
    const creds = credentials(config);
    if (!creds.ok) return { on: false, reason: creds.reason };
    // X_API_CA: a certificate to trust for X_API_URL (Herald's local fake uses a self-signed one).
    let ca: string | undefined;
    if (config.X_API_CA) {
      try {
        ca = fs.readFileSync(config.X_API_CA, "utf8");
      } catch (e) {
        return { on: false, reason: `X_API_CA cannot be read: ${(e as Error).message}` };
      }
    }
    return { on: true, open: () => createXSender(config, { ca }) };
  },
};

export type RecentPost = {
  id: string;
  text: string;
  createdAt: Date;
  /** The links in `text` (X shortens every URL to a t.co link) and the URL each stands for. */
  urls: { url: string; expandedUrl: string }[];
  /** The post this one replies to, null for a post of its own. */
  inReplyTo: string | null;
};

/** X wants RFC 3339 without fractions of a second. */
function xTime(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * The account's posts since `since` (whole seconds, so rounded down), newest first, at most
 * `limit`, page after page (next_token); stops early at a post for which `until` holds.
 */
async function ownPostsSince(client: TwitterApi, userId: string, since: Date, limit: number, until?: (p: RecentPost) => boolean): Promise<RecentPost[]> {
  const timeline = await client.v2.userTimeline(userId, {
    start_time: xTime(since),
    max_results: Math.min(100, Math.max(5, limit)),
    "tweet.fields": ["created_at", "entities", "referenced_tweets"],
  });
  const posts: RecentPost[] = [];
  for await (const t of timeline) {
    const post: RecentPost = {
      id: t.id,
      text: t.text,
      createdAt: new Date(t.created_at ?? 0),
      urls: (t.entities?.urls ?? []).map((u) => ({ url: u.url, expandedUrl: u.expanded_url ?? u.url })),
      inReplyTo: t.referenced_tweets?.find((r) => r.type === "replied_to")?.id ?? null,
    };
    posts.push(post);
    if (posts.length >= limit || until?.(post)) break;
  }
  return posts;
}

const TCO = /^https?:\/\/t\.co\//i;
/** twitter-text's URL extraction (types/twitter-text.d.ts declares only parseTweet). */
const extractUrls = (s: string): string[] => (twitterText as unknown as { extractUrls(text: string): string[] }).extractUrls(s);

/** Text as X keeps it, made comparable: X returns &, < and > as HTML entities and stores NFC. */
function comparable(s: string): string {
  return s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&").normalize("NFC").trim();
}

/** `s` with each link X would make of it (twitter-text, as X finds them) replaced by a marker, and those links. */
function linksAside(s: string): { rest: string; links: string[] } {
  let rest = "";
  let tail = s;
  const links: string[] = [];
  for (const url of extractUrls(s)) {
    const at = tail.indexOf(url);
    if (at < 0) continue;
    rest += `${tail.slice(0, at)}\u0000`;
    tail = tail.slice(at + url.length);
    links.push(url);
  }
  return { rest: rest + tail, links };
}

/** A URL as typed and as X expands it compare equal: X adds a scheme where there was none. */
function sameUrl(a: string, b: string): boolean {
  const plain = (u: string) => u.replace(/^https?:\/\//i, "").replace(/\/+$/, "");
  return plain(a) === plain(b);
}

/**
 * Whether `post` is the post of `text` (fitTweet's). X changes what it is given: every link
 * becomes a t.co link, and &, <, > come back as HTML entities. So the text is compared with its
 * links set aside (entities decoded, NFC, links found as X finds them with twitter-text), then the
 * links one by one: a t.co link counts as the URL X says it stands for (entities.urls, asked for
 * by `ownPostsSince`), and as any URL when X does not say. The text around the links is the
 * subject and the update, which differ between messages, so the check stays strict; with the
 * expanded URLs, even the same words about two incidents are told apart. (The fake X keeps text
 * as posted: there, the comparison is exact.)
 */
export function samePost(text: string, post: Pick<RecentPost, "text" | "urls">): boolean {
  const expected = comparable(text);
  const got = comparable(post.text);
  if (got === expected) return true;
  const e = linksAside(expected);
  const g = linksAside(got);
  if (g.rest !== e.rest || g.links.length !== e.links.length) return false;
  const expanded = new Map(post.urls.map((u) => [u.url, u.expandedUrl]));
  return g.links.every((link, i) => {
    const full = expanded.get(link) ?? link;
    return (TCO.test(full) && !expanded.has(link)) || sameUrl(full, e.links[i] ?? "");
  });
}

/**
 * The account's own posts since `since`, newest first: how a delivery found in "sending" after
 * a crash learns whether its post already went out. Throws when X is not configured or cannot
 * be reached (the caller decides what an unknown answer means).
 */
export async function listOwnRecentPosts(config: Config, opts: XClientOptions & { since: Date; limit?: number }): Promise<RecentPost[]> {
  const creds = credentials(config);
  if (!creds.ok) throw new Error(`X is not configured: ${creds.reason}`);
  const { client, agent } = makeClient(creds.value, opts);
  try {
    const me = await client.v2.me();
    return await ownPostsSince(client, me.data.id, opts.since, opts.limit ?? 100);
  } finally {
    agent?.destroy();
  }
}
