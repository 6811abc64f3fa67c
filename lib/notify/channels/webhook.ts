// Signed subscriber webhooks (Standard Webhooks over Statuspage's payload shape). Always on: a
// webhook needs no provider account, only the subscriber's URL and signing secret.
//
// Outcomes (Standard Webhooks "Delivery success and failure"; FORMATS.md "Subscriber webhooks"):
//   2xx                         → sent (providerId: the status code)
//   3xx                         → retry: redirects are never followed (the subscriber should fix the URL)
//   410 Gone                    → failed: the receiver asked us to stop; retrying cannot help
//   408, 429, 5xx               → retry, honouring Retry-After (seconds or HTTP-date) when given
//   any other 4xx (400/401/404) → retry: the spec counts them as ordinary failed attempts ("the rest of
//                                 the status codes should be treated as a failure", 404 named as an
//                                 example) and failed attempts are retried on the schedule; a receiver
//                                 misconfigured for a while (bad deploy, rotated secret) recovers. The
//                                 delivery engine stops after WEBHOOK_RETRY_SCHEDULE_MS runs out.
//   timeout, reset, DNS error   → retry
//   address not public unicast  → failed (it will not become public; SSRF guard, see net/safe-connect)
//   bad URL / no body / secret  → failed
//
// The HTTP client is undici (docs/decisions/0010-webhooks-over-undici.md): node:http cost the
// worker three times the CPU per POST, and the worker's CPU was what set the webhook rate.
import { createHash, createHmac } from "node:crypto";
import { Agent, buildConnector, type Dispatcher } from "undici";
import type { ChannelDefinition, ChannelSender, OutboundMessage, SendOutcome } from "@/lib/notify/channels/types";
import { guardConnector, isUnsafeAddressError, safeLookup } from "@/lib/notify/net/safe-connect";

/** Standard Webhooks' example schedule: the delay before each attempt (the first is immediate). */
export const WEBHOOK_RETRY_SCHEDULE_MS: readonly number[] = Object.freeze([
  0,
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  14 * 3_600_000,
  20 * 3_600_000,
  24 * 3_600_000,
]);

export const WEBHOOK_USER_AGENT = "Herald-Webhooks/1";
export const WEBHOOK_TIMEOUT_MS = 15_000;
export const WEBHOOK_MAX_RESPONSE_BYTES = 64 * 1024;
/** A Retry-After further out than this is clamped (a receiver cannot park a delivery for years). */
const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

/**
 * The webhook-id for a delivery: stable across every resend because it derives only from the
 * delivery's idempotency key. The key without its <> is used as-is when it is plain
 * ([A-Za-z0-9_-]); otherwise (Herald's keys hold "." and "@", and the spec forbids "." in the id)
 * it is "msg_" + a SHA-256 digest of it.
 */
export function webhookIdFor(idempotencyKey: string): string {
  const bare = idempotencyKey.replace(/^<|>$/g, "");
  if (/^[A-Za-z0-9_-]{1,200}$/.test(bare)) return bare;
  return `msg_${createHash("sha256").update(bare).digest("base64url").slice(0, 32)}`;
}

/** Retry-After as milliseconds from now: delta-seconds or an HTTP-date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!v) return undefined;
  let ms: number;
  if (/^\d+$/.test(v)) ms = Number(v) * 1000;
  else {
    if (!/^[A-Za-z]{3,9},? /.test(v)) return undefined; // IMF-fixdate, RFC 850 or asctime
    const at = Date.parse(v);
    if (Number.isNaN(at)) return undefined;
    ms = at - now;
  }
  return Math.min(Math.max(0, ms), MAX_RETRY_AFTER_MS);
}

/** The verdict for an HTTP status (see the table at the top of this file). */
export function classifyWebhookStatus(status: number, retryAfter?: string | string[]): SendOutcome {
  if (status >= 200 && status < 300) return { kind: "sent", providerId: String(status) };
  if (status === 410) return { kind: "failed", error: "HTTP 410 Gone: the endpoint asked to stop receiving webhooks" };
  const after = parseRetryAfter(retryAfter);
  const withAfter = (error: string): SendOutcome => ({ kind: "retry", error, ...(after !== undefined ? { retryAfterMs: after } : {}) });
  if (status >= 300 && status < 400) return withAfter(`HTTP ${status}: redirects are not followed; update the webhook URL`);
  return withAfter(`HTTP ${status}`);
}

export type WebhookSenderOptions = {
  /** Allow loopback/private targets (HERALD_WEBHOOK_ALLOW_PRIVATE; development and tests). */
  allowPrivate?: boolean;
  /** Whole-request deadline, connect to last byte (default 15 s). */
  timeoutMs?: number;
  /** How much of a response body is read before the connection is dropped (default 64 KB). */
  maxResponseBytes?: number;
  /** Connections kept per receiver origin (scheme, host and port; default 16): the channel's concurrency,
   * so many subscribers on one host (a chat service's webhook URLs) are not queued behind a few sockets. */
  maxSocketsPerHost?: number;
};

/**
 * The signing key in a Standard Webhooks secret ("whsec_" + base64; the prefix is optional, as
 * the spec's reference library allows). Throws on anything else.
 */
export function webhookSigningKey(secret: string): Buffer {
  const b64 = secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) throw new Error("not base64 after whsec_");
  const key = Buffer.from(b64, "base64");
  if (key.length === 0) throw new Error("the secret is empty");
  return key;
}

/**
 * The webhook-signature header: "v1," + base64 HMAC-SHA256 of "<id>.<timestamp>.<body>" (Standard
 * Webhooks, "Signature scheme"). Signed with node:crypto rather than the standardwebhooks package,
 * whose HMAC is SHA-256 in plain JavaScript: about 25 µs a message, a fifth of the cost of the
 * request itself at thousands of webhooks a second. The fake receiver verifies every signature
 * with that package (lib/fakes/webhook-receiver.ts), so the two are checked against each other.
 */
export function signWebhook(key: Buffer, id: string, timestampSeconds: number, body: string): string {
  // In parts: joining them first would copy the body once more for every message.
  return `v1,${createHmac("sha256", key).update(`${id}.${timestampSeconds}.`).update(body).digest("base64")}`;
}

type HttpResult = { status: number; retryAfter?: string | string[] };

class WebhookTimeoutError extends Error {
  constructor(ms: number) {
    super(`no complete answer within ${ms} ms`);
    this.name = "WebhookTimeoutError";
  }
}

/**
 * One undici Agent (a pool of keep-alive connections per receiver origin) whose connections are
 * opened through the SSRF guard unless private targets are allowed. POST is not idempotent, so
 * undici never retries one by itself, and it follows no redirects unless told to.
 */
function webhookAgent(o: { allowPrivate: boolean; maxSockets: number; timeoutMs: number }): Agent {
  const connect = buildConnector({ timeout: o.timeoutMs, ...(o.allowPrivate ? {} : { lookup: safeLookup }) });
  return new Agent({
    connections: o.maxSockets,
    connect: o.allowPrivate ? connect : guardConnector(connect),
    // The whole-request deadline is post()'s own; these only stop undici waiting longer by itself.
    headersTimeout: o.timeoutMs,
    bodyTimeout: o.timeoutMs,
  });
}

/**
 * One POST through undici's dispatch API (no response stream objects: the verdict is the status
 * line, and the body is only counted). Resolves with the status once the response has ended or
 * its body passed `maxBytes` (the connection is then dropped); rejects on errors and at the deadline.
 */
function post(agent: Agent, url: URL, headers: Record<string, string>, body: string, timeoutMs: number, maxBytes: number): Promise<HttpResult> {
  return new Promise<HttpResult>((resolve, reject) => {
    let result: HttpResult = { status: 0 };
    let read = 0;
    let settled: Error | true | undefined;
    let controller: Dispatcher.DispatchController | undefined;
    const finish = (outcome: Error | true) => {
      if (settled) return;
      settled = outcome;
      clearTimeout(timer);
      if (outcome === true) resolve(result);
      else reject(outcome);
    };
    const timer = setTimeout(() => {
      const e = new WebhookTimeoutError(timeoutMs);
      finish(e);
      controller?.abort(e); // not yet started (waiting for a connection): onRequestStart aborts it
    }, timeoutMs);
    agent.dispatch(
      { origin: url.origin, path: `${url.pathname}${url.search}`, method: "POST", headers, body },
      {
        onRequestStart(c) {
          controller = c;
          if (settled instanceof Error) c.abort(settled);
        },
        onResponseStart(_c, status, responseHeaders) {
          result = { status, retryAfter: responseHeaders["retry-after"] };
        },
        onResponseData(c, chunk) {
          read += chunk.length;
          if (read > maxBytes) {
            // Enough: the verdict is the status line. Drop the connection rather than drain an endless body.
            finish(true);
            c.abort(new Error(`response body over ${maxBytes} bytes`));
          }
        },
        onResponseEnd() {
          finish(true);
        },
        onResponseError(_c, e) {
          finish(e);
        },
      },
    );
  });
}

export function createWebhookSender(options: WebhookSenderOptions = {}): ChannelSender {
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const maxBytes = options.maxResponseBytes ?? WEBHOOK_MAX_RESPONSE_BYTES;
  const agent = webhookAgent({ allowPrivate: options.allowPrivate ?? false, maxSockets: options.maxSocketsPerHost ?? 16, timeoutMs });

  return {
    async send(m: OutboundMessage): Promise<SendOutcome> {
      if (!m.json) return { kind: "failed", error: "nothing to send: the message has no JSON body" };
      if (!m.to) return { kind: "failed", error: "no webhook URL" };
      let url: URL;
      try {
        url = new URL(m.to);
      } catch {
        return { kind: "failed", error: `not a URL: ${m.to.slice(0, 200)}` };
      }
      if (url.protocol !== "https:" && url.protocol !== "http:") return { kind: "failed", error: `unsupported URL scheme ${url.protocol}` };
      if (!m.webhookSecret) return { kind: "failed", error: "no signing secret for this webhook subscriber" };
      let key: Buffer;
      try {
        key = webhookSigningKey(m.webhookSecret);
      } catch (e) {
        return { kind: "failed", error: `invalid signing secret: ${(e as Error).message}` };
      }

      const body = m.json;
      const id = webhookIdFor(m.idempotencyKey);
      const timestamp = Math.floor(Date.now() / 1000);
      // undici adds content-length (the body is a string) and host.
      const headers: Record<string, string> = {
        "content-type": "application/json",
        "user-agent": WEBHOOK_USER_AGENT,
        "webhook-id": id,
        "webhook-timestamp": String(timestamp),
        "webhook-signature": signWebhook(key, id, timestamp, body),
      };
      // Credentials in the URL (https://user:pass@host/…) are sent as Basic auth, as browsers and curl do.
      if (url.username || url.password) {
        headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString("base64")}`;
      }
      try {
        const { status, retryAfter } = await post(agent, url, headers, body, timeoutMs, maxBytes);
        return classifyWebhookStatus(status, retryAfter);
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        if (isUnsafeAddressError(err)) return { kind: "failed", error: err.message };
        const reason = `${err.code ? `${err.code}: ` : ""}${err.message}`.slice(0, 500);
        return { kind: "retry", error: reason };
      }
    },
    async close() {
      // Whatever is still in flight fails (a retry for the delivery); the connections are closed.
      await agent.destroy();
    },
  };
}

export const webhook: ChannelDefinition = {
  channel: "webhook",
  // Standard Webhooks' schedule (a provider's Retry-After wins when it asks for longer).
  retry: {
    maxAttempts: WEBHOOK_RETRY_SCHEDULE_MS.length,
    delayMs: (attempt, retryAfterMs) =>
      Math.max(WEBHOOK_RETRY_SCHEDULE_MS[Math.min(attempt, WEBHOOK_RETRY_SCHEDULE_MS.length - 1)]!, retryAfterMs ?? 0),
  },
  // Each send is one HTTP request to a different receiver, mostly waiting: several at once.
  concurrency: (config) => config.HERALD_WEBHOOK_CONCURRENCY,
  configure(config) {
    const allowPrivate = config.HERALD_WEBHOOK_ALLOW_PRIVATE;
    return { on: true, open: () => createWebhookSender({ allowPrivate, maxSocketsPerHost: config.HERALD_WEBHOOK_CONCURRENCY }) };
  },
};
