// A local fake of the X API v2 endpoints Herald uses (node:https with a self-signed certificate
// made at start, since the X SDK only speaks https), so the real twitter-api-v2 SDK can be
// exercised without an account: point X_API_URL at `url` and trust `ca`. It checks that an
// OAuth 1.0a Authorization header names the configured consumer key (the signature is not
// verified), validates the weighted length with twitter-text, refuses a post identical to the
// previous one like X does, keeps every accepted post in memory (`posts`, with the post each one
// replies to) and fails on demand (`failNext`). The user timeline pages like X (max_results,
// pagination_token, meta.next_token) and answers the tweet.fields Herald asks for (created_at,
// entities, referenced_tweets). Text is kept as posted unless `shortenLinks` is set: then, like X,
// every link (as twitter-text finds them) is stored as a t.co link, expanded in entities.urls.
import { randomBytes } from "node:crypto";
import https from "node:https";
import type http from "node:http";
import twitterText from "twitter-text";
import { selfSignedCertificate } from "@/lib/fakes/tls";
import { closeServer, FaultQueue, listenOn } from "@/lib/fakes/server";

export type FakePost = {
  id: string;
  /** As X keeps it: as posted, or with t.co links under `shortenLinks`. */
  text: string;
  /** The links X shortened (`shortenLinks`): each t.co link and the URL posted. */
  links: { url: string; expandedUrl: string; start: number; end: number }[];
  /** reply.in_reply_to_tweet_id as sent, null for a new post. */
  inReplyTo: string | null;
  authorId: string;
  createdAt: Date;
};

export type FakeXFailure = {
  /** Answer with this HTTP status and an X problem body. */
  status?: number;
  /** Epoch seconds, sent as x-rate-limit-reset (with `status`, typically 429). */
  rateLimitReset?: number;
  /** Seconds, sent as Retry-After. */
  retryAfter?: number;
  /** Wait this long before answering (or failing). */
  delayMs?: number;
  /** Destroy the connection without answering. */
  drop?: boolean;
  /** With `drop`: store the post first (X got it, the answer was lost). */
  keep?: boolean;
};

export type FakeX = {
  url: string;
  port: number;
  /** The certificate to trust (PEM): pass as the https agent's `ca`. */
  ca: string;
  /** Accepted posts, oldest first. */
  posts: FakePost[];
  user: { id: string; name: string; username: string };
  /** The next `n` requests fail as described (or are only slowed down, with `delayMs` alone). */
  failNext(n: number, failure: FakeXFailure): void;
  /** Requests received, failed ones included. */
  requestCount(): number;
  close(): Promise<void>;
};

/** X's epoch for snowflake ids (2010-11-04). */
const TWEPOCH = 1288834974657n;
const USER_TIMELINE = /^\/2\/users\/([^/]+)\/tweets$/;
/** twitter-text's link extraction, as X finds links (types/twitter-text.d.ts declares only parseTweet). */
const extractUrls = (s: string): string[] => (twitterText as unknown as { extractUrls(text: string): string[] }).extractUrls(s);

function problem(status: number, title: string, detail: string, type = "about:blank") {
  return { title, detail, type, status };
}

export async function startFakeX(opts: {
  port?: number;
  host?: string;
  consumerKey: string;
  username?: string;
  /** Store links as t.co links, like X (default: text kept as posted). */
  shortenLinks?: boolean;
  /** Called with every post accepted (npm start stores them for the dashboard). */
  onPost?: (p: FakePost) => void;
  /** The most posts a timeline page holds (X: 100): smaller makes the SDK follow next_token. */
  maxResults?: number;
}): Promise<FakeX> {
  const host = opts.host ?? "127.0.0.1";
  const { key, cert } = await selfSignedCertificate();
  const posts: FakePost[] = [];
  const maxResults = Math.max(1, Math.min(100, opts.maxResults ?? 100));
  const faults = new FaultQueue<FakeXFailure>();
  const user = { id: "1600000000000000001", name: "Herald Fake", username: opts.username ?? "herald_fake" };
  let requests = 0;
  let sequence = 0n;


  function snowflake(at: number): string {
    sequence = (sequence + 1n) & 0xfffn;
    return (((BigInt(at) - TWEPOCH) << 22n) | (1n << 12n) | sequence).toString();
  }

  /** An answer; rate-limit headers as X sends them unless `headers` is given (injected failures). */
  function send(res: http.ServerResponse, status: number, body: unknown, headers?: Record<string, string>) {
    if (res.destroyed) return;
    const json = JSON.stringify(body);
    res.writeHead(status, {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Length": Buffer.byteLength(json),
      ...(headers ?? {
        "x-rate-limit-limit": "200",
        "x-rate-limit-remaining": "199",
        "x-rate-limit-reset": String(Math.floor(Date.now() / 1000) + 900),
      }),
    });
    res.end(json);
  }

  /** The OAuth 1.0a header names the consumer key (percent-encoded, as OAuth writes it). */
  function authorized(header: string | undefined): boolean {
    if (!header || !/^OAuth\s/i.test(header)) return false;
    const m = /oauth_consumer_key="([^"]*)"/.exec(header);
    if (!m) return false;
    try {
      return decodeURIComponent(m[1] ?? "") === opts.consumerKey;
    } catch {
      return false;
    }
  }

  function create(raw: string): { status: number; body: unknown } {
    let body: { text?: unknown; reply?: { in_reply_to_tweet_id?: unknown } };
    try {
      body = JSON.parse(raw) as typeof body;
    } catch {
      return { status: 400, body: problem(400, "Invalid Request", "Request body is not valid JSON.", "https://api.twitter.com/2/problems/invalid-request") };
    }
    const text = typeof body.text === "string" ? body.text : "";
    if (!text.trim()) {
      return {
        status: 400,
        body: {
          errors: [{ parameters: { text: [text] }, message: "text must not be empty" }],
          title: "Invalid Request",
          detail: "One or more parameters to your request was invalid.",
          type: "https://api.twitter.com/2/problems/invalid-request",
        },
      };
    }
    const parsed = twitterText.parseTweet(text);
    if (parsed.weightedLength > 280) {
      return {
        status: 403,
        body: problem(403, "Forbidden", "Your Tweet text is too long. For more information on how X determines text length see https://github.com/twitter/twitter-text."),
      };
    }
    const replyTo = body.reply?.in_reply_to_tweet_id;
    if (replyTo !== undefined && (typeof replyTo !== "string" || !posts.some((p) => p.id === replyTo))) {
      return {
        status: 400,
        body: problem(400, "Invalid Request", "The post you are replying to does not exist or is not visible to you.", "https://api.twitter.com/2/problems/invalid-request"),
      };
    }
    const last = posts[posts.length - 1];
    if (last && last.text === text) {
      return { status: 403, body: problem(403, "Forbidden", "You are not allowed to create a Tweet with duplicate content.") };
    }
    const now = Date.now();
    const { stored, links } = opts.shortenLinks ? shorten(text) : { stored: text, links: [] };
    const post: FakePost = { id: snowflake(now), text: stored, links, inReplyTo: typeof replyTo === "string" ? replyTo : null, authorId: user.id, createdAt: new Date(now) };
    posts.push(post);
    opts.onPost?.(post);
    return { status: 201, body: { data: { id: post.id, text: post.text, edit_history_tweet_ids: [post.id] } } };
  }

  /** A t.co link's id: 10 letters and digits, like X's. */
  function tcoId(): string {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    return Array.from(randomBytes(10), (b) => alphabet[b % alphabet.length]).join("");
  }

  /** X's treatment of links: each one becomes https://t.co/<10 letters and digits>. */
  function shorten(text: string): { stored: string; links: FakePost["links"] } {
    let stored = "";
    let tail = text;
    const links: FakePost["links"] = [];
    for (const expandedUrl of extractUrls(text)) {
      const at = tail.indexOf(expandedUrl);
      if (at < 0) continue;
      const url = `https://t.co/${tcoId()}`;
      stored += tail.slice(0, at);
      links.push({ url, expandedUrl: /^https?:\/\//i.test(expandedUrl) ? expandedUrl : `http://${expandedUrl}`, start: stored.length, end: stored.length + url.length });
      stored += url;
      tail = tail.slice(at + expandedUrl.length);
    }
    return { stored: stored + tail, links };
  }

  function timeline(userId: string, url: URL): { status: number; body: unknown } {
    if (userId !== user.id) {
      return { status: 404, body: problem(404, "Not Found Error", `Could not find user with id: [${userId}].`, "https://api.twitter.com/2/problems/resource-not-found") };
    }
    const start = url.searchParams.get("start_time");
    const end = url.searchParams.get("end_time");
    const startMs = start ? Date.parse(start) : undefined;
    const endMs = end ? Date.parse(end) : undefined;
    if ((start && Number.isNaN(startMs)) || (end && Number.isNaN(endMs))) {
      return { status: 400, body: problem(400, "Invalid Request", "One or more parameters to your request was invalid.", "https://api.twitter.com/2/problems/invalid-request") };
    }
    const max = Math.min(maxResults, Math.max(5, Number(url.searchParams.get("max_results") ?? 10) || 10));
    const fields = (url.searchParams.get("tweet.fields") ?? "").split(",");
    const matching = posts
      .filter((p) => startMs === undefined || p.createdAt.getTime() >= startMs)
      .filter((p) => endMs === undefined || p.createdAt.getTime() < endMs)
      .slice()
      .reverse();
    // pagination_token: the id of the last post of the previous page (X's tokens are opaque).
    const token = url.searchParams.get("pagination_token");
    let from = 0;
    if (token) {
      const at = matching.findIndex((p) => `t${p.id}` === token);
      if (at < 0) return { status: 400, body: problem(400, "Invalid Request", "The `pagination_token` query parameter value is not valid.", "https://api.twitter.com/2/problems/invalid-request") };
      from = at + 1;
    }
    const found = matching.slice(from, from + max);
    const data = found.map((p) => ({
      id: p.id,
      text: p.text,
      edit_history_tweet_ids: [p.id],
      ...(fields.includes("created_at") ? { created_at: p.createdAt.toISOString() } : {}),
      ...(fields.includes("author_id") ? { author_id: p.authorId } : {}),
      ...(fields.includes("entities") && p.links.length
        ? { entities: { urls: p.links.map((l) => ({ start: l.start, end: l.end, url: l.url, expanded_url: l.expandedUrl, display_url: l.expandedUrl.replace(/^https?:\/\//, "") })) } }
        : {}),
      ...(fields.includes("referenced_tweets") && p.inReplyTo ? { referenced_tweets: [{ type: "replied_to", id: p.inReplyTo }] } : {}),
      ...(fields.includes("in_reply_to_user_id") && p.inReplyTo ? { in_reply_to_user_id: user.id } : {}),
    }));
    const last = found[found.length - 1];
    const more = from + found.length < matching.length;
    const meta = found.length
      ? { result_count: found.length, newest_id: found[0]?.id, oldest_id: last?.id, ...(more && last ? { next_token: `t${last.id}` } : {}) }
      : { result_count: 0 };
    return { status: 200, body: found.length ? { data, meta } : { meta } };
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, raw: string) {
    requests++;
    const failure = await faults.next(req);
    if (failure === "dropped") return;
    if (failure?.status) {
      const headers: Record<string, string> = {};
      if (failure.rateLimitReset !== undefined) {
        headers["x-rate-limit-reset"] = String(failure.rateLimitReset);
        headers["x-rate-limit-remaining"] = "0";
      }
      if (failure.retryAfter !== undefined) headers["Retry-After"] = String(failure.retryAfter);
      const title = failure.status === 429 ? "Too Many Requests" : failure.status >= 500 ? "Internal Server Error" : "Error";
      send(res, failure.status, problem(failure.status, title, title), headers);
      return;
    }

    const url = new URL(req.url ?? "/", "https://fake-x");
    if (!authorized(req.headers.authorization)) {
      send(res, 401, problem(401, "Unauthorized", "Unauthorized"));
      return;
    }
    let answer: { status: number; body: unknown };
    const tl = USER_TIMELINE.exec(url.pathname);
    if (url.pathname === "/2/tweets" && req.method === "POST") answer = create(raw);
    else if (url.pathname === "/2/users/me" && req.method === "GET") answer = { status: 200, body: { data: user } };
    else if (tl && req.method === "GET") answer = timeline(decodeURIComponent(tl[1] ?? ""), url);
    else answer = { status: 404, body: problem(404, "Not Found", `Sorry, that page does not exist: ${req.method} ${url.pathname}`) };

    if (failure?.drop) {
      req.socket.destroy();
      return;
    }
    send(res, answer.status, answer.body);
  }

  const server = https.createServer({ key, cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      handle(req, res, Buffer.concat(chunks).toString("utf8")).catch((e: Error) => {
        send(res, 500, problem(500, "Internal Server Error", e.message));
      });
    });
  });

  const port = await listenOn(server, opts.port, host);

  return {
    url: `https://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    ca: cert,
    posts,
    user,
    failNext(n, failure) {
      faults.push(n, failure);
    },
    requestCount: () => requests,
    close: () => closeServer(server, faults.timers),
  };
}
