// SMS through Twilio's REST API with the official SDK (the only file that imports `twilio`).
// TWILIO_API_URL points the SDK somewhere else than https://api.twilio.com (the local fake in
// lib/fakes/twilio.ts, a proxy): twilio 6 has no base-URL option, so a RequestClient subclass
// rewrites the URLs the SDK builds.
import { createRequire } from "node:module";
import type Twilio from "twilio";
import type RequestClient from "twilio/lib/base/RequestClient";
import type { Config } from "@/lib/config";
import type { ChannelDefinition, ChannelSender, OutboundMessage, SendOutcome } from "@/lib/notify/channels/types";

// The SDK is loaded on first use, not at import: a worker or web process without SMS settings
// does not carry its 23 MB (measured: worker RSS at start-up).
const requireSdk = createRequire(import.meta.url);
let loadedSdk: typeof Twilio | undefined;
function twilio(): typeof Twilio {
  return (loadedSdk ??= requireSdk("twilio") as typeof Twilio);
}

/** Two GSM-7 segments of 160 characters. */
export const SMS_MAX_LENGTH = 320;
/** Seconds Twilio may keep a message queued: an old alert must not land after the resolution. */
export const SMS_VALIDITY_SECONDS = 900;
/** Generous on purpose: giving up on a request Twilio may already have accepted sends duplicates. */
const REQUEST_TIMEOUT_MS = 30_000;

/** Twilio error codes that no retry can fix: invalid, unreachable or opted-out recipients. */
const PERMANENT_CODES = new Set([21211, 21214, 21217, 21610, 21612, 21614]);

const URL_IN_LINE = /https?:\/\/\S+/i;

/**
 * The SMS body: the subject, then as much of the text as fits, cut between words, then the
 * page link on its own line; at most `max` characters in all. Lines of the text that carry a
 * link (follow, unsubscribe) are left out: the page link is the only link an SMS carries, and
 * lines the subject already says are not repeated. "..." rather than "…", which is not GSM-7
 * and would make every segment 70 characters.
 */
export function composeSmsBody(m: Pick<OutboundMessage, "subject" | "text" | "links">, max = SMS_MAX_LENGTH): string {
  const link = m.links.page.trim();
  if (link.length >= max) return link.slice(0, max);
  const subject = m.subject.replace(/\s+/g, " ").trim();
  const details = m.text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !URL_IN_LINE.test(l) && !subject.includes(l))
    .join(" ")
    .replace(/\s+/g, " ");
  const head = details ? `${subject}\n${details}` : subject;
  const budget = max - link.length - 1; // 1: the newline before the link
  return `${fitWords(head, budget)}\n${link}`.replace(/^\n/, "");
}

/** `s` when it fits in `budget` characters, else its longest prefix ending at a word boundary, plus "...". */
function fitWords(s: string, budget: number): string {
  if (s.length <= budget) return s;
  const ellipsis = "...";
  const room = budget - ellipsis.length;
  if (room <= 0) return "";
  const cut = s.slice(0, room + 1); // +1: a space right after the room means the last word is whole
  const lastSpace = Math.max(cut.lastIndexOf(" "), cut.lastIndexOf("\n"));
  // One word longer than the room: no boundary to cut at, so the word is cut.
  const kept = lastSpace > 0 ? cut.slice(0, lastSpace) : s.slice(0, room);
  return `${kept.replace(/[\s.,;:!?-]+$/, "")}${ellipsis}`;
}

type HttpLikeError = Error & { status?: number; code?: number | string; moreInfo?: string };

/** Retry-After in milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (typeof v === "number" && Number.isFinite(v) && v >= 0) return Math.round(v * 1000);
  if (typeof v !== "string" || v.trim() === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(v.trim())) return Math.round(Number(v.trim()) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Twilio's verdict. A RestException carries the HTTP status and Twilio's error code; anything
 * else (connection refused or reset, timeout) never got an answer and is worth another try.
 */
export function classifyTwilioError(e: unknown, retryAfter?: unknown): SendOutcome {
  const err = (e instanceof Error ? e : new Error(String(e))) as HttpLikeError;
  // Without the SDK loaded nothing can have thrown its RestException.
  if ((loadedSdk && e instanceof loadedSdk.RestException) || (typeof err.status === "number" && err.status >= 100)) {
    const status = err.status as number;
    const code = typeof err.code === "number" ? err.code : undefined;
    const error = `HTTP ${status}${code ? ` Twilio ${code}` : ""}: ${err.message}`.slice(0, 500);
    if (code !== undefined && PERMANENT_CODES.has(code)) return { kind: "failed", error };
    if (status === 429) {
      const retryAfterMs = parseRetryAfter(retryAfter);
      return retryAfterMs === undefined ? { kind: "retry", error } : { kind: "retry", error, retryAfterMs };
    }
    if (status === 408 || status >= 500) return { kind: "retry", error };
    if (status >= 400) return { kind: "failed", error };
    return { kind: "retry", error };
  }
  const error = `${typeof err.code === "string" ? `${err.code}: ` : ""}${err.message}`.slice(0, 500);
  return { kind: "retry", error };
}

/**
 * The SDK's RequestClient, sending what the SDK addresses to https://api.twilio.com (or a
 * regional api.*.twilio.com) to `apiUrl` instead when set.
 */
type HeraldRequestClient = RequestClient & {
  readonly apiUrl: string | undefined;
  /**
   * A view of this client for one call: the same agents and axios instance, but its own
   * `lastResponse` (RequestClient records it on `this`), so a failed call can read its own
   * response headers (Retry-After) while other sends run on the shared client.
   */
  forOneCall(): HeraldRequestClient;
  destroy(): void;
};

let requestClientClass: (new (apiUrl: string | undefined, opts: RequestClient.RequestClientOptions) => HeraldRequestClient) | undefined;

function newRequestClient(apiUrl: string | undefined, opts: RequestClient.RequestClientOptions): HeraldRequestClient {
  requestClientClass ??= class extends twilio().RequestClient {
    constructor(
      readonly apiUrl: string | undefined,
      o: RequestClient.RequestClientOptions,
    ) {
      super(o);
    }

    override request<TData>(o: RequestClient.RequestOptions<TData>) {
      const uri = this.apiUrl ? rewriteApiUrl(o.uri, this.apiUrl) : o.uri;
      return super.request<TData>({ ...o, uri });
    }

    forOneCall(): HeraldRequestClient {
      return Object.create(this) as HeraldRequestClient;
    }

    destroy(): void {
      (this.axios.defaults.httpsAgent as { destroy?: () => void } | undefined)?.destroy?.();
    }
  };
  return new requestClientClass(apiUrl, opts);
}

export function rewriteApiUrl(uri: string, apiUrl: string): string {
  return uri.replace(/^https:\/\/api(\.[a-z0-9-]+)*\.twilio\.com(:443)?(?=\/|$)/i, apiUrl.replace(/\/+$/, ""));
}

type TwilioCredentials = { accountSid: string; authToken: string; from: string; apiUrl: string | undefined };

function credentials(config: Config): { ok: true; value: TwilioCredentials } | { ok: false; reason: string } {
  const missing = (["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM"] as const).filter((k) => !config[k]);
  if (missing.length) {
    return { ok: false, reason: `${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} not set` };
  }
  const accountSid = config.TWILIO_ACCOUNT_SID as string;
  // The SDK throws on any other account SID; say it here, where a person reads the reason.
  if (!accountSid.startsWith("AC")) return { ok: false, reason: "TWILIO_ACCOUNT_SID must start with AC" };
  return {
    ok: true,
    value: { accountSid, authToken: config.TWILIO_AUTH_TOKEN as string, from: config.TWILIO_FROM as string, apiUrl: config.TWILIO_API_URL },
  };
}

function requestClient(c: TwilioCredentials): HeraldRequestClient {
  return newRequestClient(c.apiUrl, { timeout: REQUEST_TIMEOUT_MS, autoRetry: false });
}

function sdk(c: TwilioCredentials, httpClient: HeraldRequestClient) {
  return twilio()(c.accountSid, c.authToken, { httpClient, autoRetry: false });
}

export const sms: ChannelDefinition = {
  channel: "sms",
  // Twilio queues what a number cannot send at once; a few requests in flight are plenty.
  concurrency: () => 4,
  configure(config) {
    const creds = credentials(config);
    if (!creds.ok) return { on: false, reason: creds.reason };
    const c = creds.value;
    return {
      on: true,
      open(): ChannelSender {
        const shared = requestClient(c);
        return {
          async send(m: OutboundMessage): Promise<SendOutcome> {
            if (!m.to) return { kind: "failed", error: "no recipient" };
            const http = shared.forOneCall();
            try {
              const message = await sdk(c, http).messages.create({
                to: m.to,
                from: c.from,
                body: composeSmsBody(m),
                validityPeriod: SMS_VALIDITY_SECONDS,
                statusCallback: statusCallbackUrl(config, m.deliveryId),
              });
              return { kind: "sent", providerId: message.sid };
            } catch (e) {
              const headers = http.lastResponse?.headers as Record<string, unknown> | undefined;
              return classifyTwilioError(e, headers?.["retry-after"]);
            }
          },
          /** The sid of the message with this exact body (composeSmsBody) sent to m.to after `since`. */
          async findSent(m: OutboundMessage, since: Date): Promise<string | null> {
            if (!m.to) return null; // send() never sends without a recipient
            const body = composeSmsBody(m);
            try {
              const found = await findMessage(sdk(c, shared.forOneCall()), { to: m.to, since, match: (msg) => msg.body === body });
              return found?.sid ?? null;
            } catch (e) {
              const outcome = classifyTwilioError(e);
              throw new Error(`Twilio could not say whether the SMS went out: ${outcome.kind === "sent" ? String(e) : outcome.error}`, { cause: e });
            }
          },
          async close() {
            shared.destroy();
          },
        };
      },
    };
  },
};

/**
 * Where Twilio reports what became of a delivery's message (app/api/webhooks/twilio/status), or
 * undefined when the real Twilio could never reach it (a localhost public URL, and no
 * TWILIO_API_URL pointing at a fake or proxy that could).
 */
export function statusCallbackUrl(config: Config, deliveryId: string): string | undefined {
  if (!config.TWILIO_API_URL && isLoopback(config.publicUrl)) return undefined;
  return `${config.publicUrl}${SMS_STATUS_CALLBACK_PATH}?delivery=${encodeURIComponent(deliveryId)}`;
}

function isLoopback(url: string): boolean {
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
    return host === "localhost" || host.endsWith(".localhost") || host === "::1" || /^127\./.test(host);
  } catch {
    return true;
  }
}

export const SMS_STATUS_CALLBACK_PATH = "/api/webhooks/twilio/status";

type MessageListed = { sid: string; to: string; body: string; dateCreated: Date; dateSent: Date | null };

/**
 * The newest message to `to` sent after `since` for which `match` holds, or null when there is
 * none; throws when Twilio cannot be asked. Twilio filters with `DateSent>` (whole seconds,
 * inclusive: `since` is rounded down, so a message sent in the same second is listed) and the SDK
 * follows next_page_uri page after page; `each` stops at the first match. A message Twilio still
 * holds in its queue has no date_sent yet and is not listed: Herald's own rate limit
 * (HERALD_SMS_PER_SECOND) keeps that queue short, and a crashed worker's deliveries are reconciled
 * only once it is presumed dead (HERALD_WORKER_DEAD_AFTER_MS, a minute), by when it has gone out.
 */
async function findMessage(
  client: ReturnType<typeof sdk>,
  opts: { to: string; since: Date; match: (m: MessageListed) => boolean; pageSize?: number; limit?: number },
): Promise<MessageListed | null> {
  const box: { found: MessageListed | null } = { found: null };
  await new Promise<void>((resolve, reject) => {
    // No DateSent filter: a message Twilio accepted but still holds in its queue has no DateSent
    // yet, and it is exactly the one a resend would duplicate. Newest first; stop once past `since`.
    client.messages.each({
      to: opts.to,
      pageSize: opts.pageSize ?? 100,
      limit: opts.limit ?? 2000,
      callback: (msg, stop) => {
        if (box.found) return;
        const listed: MessageListed = { sid: msg.sid, to: msg.to, body: msg.body, dateCreated: msg.dateCreated, dateSent: msg.dateSent ?? null };
        if (listed.dateCreated < opts.since && (listed.dateSent ?? listed.dateCreated) < opts.since) {
          stop();
          return;
        }
        if (opts.match(listed)) {
          box.found = listed;
          stop();
        }
      },
      done: (err?: unknown) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve()),
    });
  });
  return box.found;
}

export type RecentSms = { sid: string; to: string; body: string; dateCreated: Date };

/**
 * Messages Twilio sent to `to` since `since`: how a delivery found in "sending" after a crash
 * learns whether its message already went out. Throws when SMS is not configured or Twilio
 * cannot be reached (the caller decides what an unknown answer means).
 */
export async function listRecentMessages(config: Config, opts: { to: string; since: Date; limit?: number }): Promise<RecentSms[]> {
  const creds = credentials(config);
  if (!creds.ok) throw new Error(`SMS is not configured: ${creds.reason}`);
  const http = requestClient(creds.value);
  try {
    const messages = await sdk(creds.value, http).messages.list({ to: opts.to, dateSentAfter: opts.since, limit: opts.limit ?? 200 });
    return messages.map((msg) => ({ sid: msg.sid, to: msg.to, body: msg.body, dateCreated: msg.dateCreated }));
  } finally {
    http.destroy();
  }
}

/**
 * Whether `signature` (the X-Twilio-Signature header) is Twilio's signature of a webhook request
 * to `url` with form `params`, made with TWILIO_AUTH_TOKEN (the SDK's validateRequest: HMAC-SHA1
 * of the URL followed by the sorted parameters). `url` must be the URL Twilio requested, as Twilio
 * saw it: behind a proxy, the public URL (config.publicUrl), not the one the server received.
 * False when SMS is not configured: nothing can be verified.
 */
export function verifyTwilioSignature(config: Config, signature: string | null | undefined, url: string, params: Record<string, string>): boolean {
  if (!config.TWILIO_AUTH_TOKEN || !signature) return false;
  try {
    return twilio().validateRequest(config.TWILIO_AUTH_TOKEN, signature, url, params);
  } catch {
    return false; // an unreadable URL
  }
}
