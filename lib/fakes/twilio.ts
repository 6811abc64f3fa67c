// A local fake of Twilio's Messages REST API (plain node:http), so the real SDK can be
// exercised without an account: point TWILIO_API_URL at `url`. It checks HTTP Basic auth,
// validates the fields Twilio validates, answers with Twilio's JSON shapes, lists messages with
// the To and DateSent>/DateSent< filters and pages (PageSize, Page, PageToken, next_page_uri)
// like Twilio, keeps every accepted message in memory (`messages`) and fails on demand
// (`failNext`). A message sent with a StatusCallback is then reported there like Twilio does:
// queued, sent, delivered (or undelivered/failed with an ErrorCode, `deliveryFailures`), each a
// form POST signed with X-Twilio-Signature (`twilioSignature`). Simplification: a message counts
// as sent (date_sent) the moment it is accepted.
import { createHmac, randomBytes } from "node:crypto";
import http from "node:http";
import { closeServer, FaultQueue, listenOn } from "@/lib/fakes/server";

export type FakeSms = {
  sid: string;
  accountSid: string;
  to: string;
  from: string;
  body: string;
  /** ValidityPeriod as sent (seconds), undefined when the request had none. */
  validityPeriod: number | undefined;
  statusCallback: string | undefined;
  dateCreated: Date;
  /** The latest status, advanced as the status callbacks are sent (or at once without a callback). */
  status: SmsStatus;
  /** With undelivered or failed: Twilio's error code. */
  errorCode: number | null;
};

export type SmsStatus = "queued" | "sending" | "sent" | "delivered" | "undelivered" | "failed";

/** How a message to a number ends: undelivered or failed, with Twilio's error code (30003: unreachable). */
export type DeliveryFailure = { status: "undelivered" | "failed"; errorCode: number };

/** A status callback the fake made: where, what, and how the receiver answered (HTTP status, or the error). */
export type FakeCallback = { url: string; params: Record<string, string>; signature: string; answer: number | string };

export type FakeFailure = {
  /** Answer with this HTTP status and a Twilio error body. */
  status?: number;
  /** Seconds, sent as Retry-After (with `status`, typically 429). */
  retryAfter?: number;
  /** Twilio error code in the body (default 20429 for 429, 20500 otherwise). */
  code?: number;
  /** Wait this long before answering (or failing). */
  delayMs?: number;
  /** Destroy the connection without answering. */
  drop?: boolean;
  /** With `drop`: store the message first (Twilio got it, the answer was lost). */
  keep?: boolean;
};

export type FakeTwilio = {
  url: string;
  port: number;
  messages: FakeSms[];
  /** The next `n` requests fail as described (or are only slowed down, with `delayMs` alone). */
  failNext(n: number, failure: FakeFailure): void;
  /** Numbers that replied STOP: sending to them answers Twilio error 21610. */
  optedOut: Set<string>;
  /** Messages to these numbers end undelivered or failed (reported by status callback) instead of delivered. */
  deliveryFailures: Map<string, DeliveryFailure>;
  /** Status callbacks made, in order. */
  callbacks: FakeCallback[];
  /** Resolves when every status callback scheduled so far has been made. */
  callbacksSettled(): Promise<void>;
  /** Requests received, failed ones included. */
  requestCount(): number;
  close(): Promise<void>;
};

const E164 = /^\+[1-9]\d{1,14}$/;
const API_VERSION = "2010-04-01";

/**
 * X-Twilio-Signature as Twilio computes it (https://www.twilio.com/docs/usage/security): the full
 * URL, then each POST parameter's name and value, sorted by name, concatenated; HMAC-SHA1 of
 * that with the auth token as key, base64. Computed by hand here: the twilio SDK is imported only by
 * lib/notify/channels/sms.ts (test/unit/sms-status-callback.test.ts checks that the SDK accepts it).
 */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, key) => acc + key + params[key], url);
  return createHmac("sha1", authToken).update(Buffer.from(data, "utf-8")).digest("base64");
}
const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;

function rfc2822(d: Date): string {
  return d.toUTCString().replace("GMT", "+0000");
}

function twilioError(status: number, code: number, message: string) {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

function resource(m: FakeSms) {
  const uri = `/2010-04-01/Accounts/${m.accountSid}/Messages/${m.sid}.json`;
  const segments = Math.max(1, Math.ceil(m.body.length / (m.body.length > 160 ? 153 : 160)));
  return {
    account_sid: m.accountSid,
    api_version: "2010-04-01",
    body: m.body,
    date_created: rfc2822(m.dateCreated),
    date_sent: rfc2822(m.dateCreated),
    date_updated: rfc2822(m.dateCreated),
    direction: "outbound-api",
    error_code: m.errorCode,
    error_message: m.errorCode === null ? null : `Twilio error ${m.errorCode}`,
    from: m.from,
    messaging_service_sid: null,
    num_media: "0",
    num_segments: String(segments),
    price: null,
    price_unit: "USD",
    sid: m.sid,
    status: m.status,
    subresource_uris: { media: uri.replace(/\.json$/, "/Media.json") },
    to: m.to,
    uri,
  };
}

export async function startFakeTwilio(opts: {
  port?: number;
  host?: string;
  accountSid: string;
  authToken: string;
  /** Called with every message accepted (the demo stores them for the dashboard). */
  onMessage?: (m: FakeSms) => void;
  /** Wait between two status callbacks of a message (default 20 ms). */
  callbackDelayMs?: number;
  /** The largest page the list answers (Twilio: 1000): smaller makes the SDK follow next_page_uri. */
  maxPageSize?: number;
  /** Called when a status callback could not be made or was refused (not 2xx). */
  log?: (m: string) => void;
}): Promise<FakeTwilio> {
  const host = opts.host ?? "127.0.0.1";
  const messages: FakeSms[] = [];
  const optedOut = new Set<string>();
  const deliveryFailures = new Map<string, DeliveryFailure>();
  const callbacks: FakeCallback[] = [];
  const pendingCallbacks = new Set<Promise<void>>();
  const faults = new FaultQueue<FakeFailure>();
  const maxPageSize = Math.max(1, Math.min(1000, opts.maxPageSize ?? 1000));
  const callbackDelayMs = opts.callbackDelayMs ?? 20;
  let requests = 0;
  let closed = false;
  const expectedAuth = `Basic ${Buffer.from(`${opts.accountSid}:${opts.authToken}`).toString("base64")}`;

  function sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        faults.timers.delete(t);
        resolve();
      }, ms);
      faults.timers.add(t); // cleared by close()
    });
  }

  /** One status callback: a signed form POST to the message's StatusCallback, as Twilio makes it. */
  async function callback(m: FakeSms, url: string): Promise<void> {
    const params: Record<string, string> = {
      AccountSid: m.accountSid,
      ApiVersion: API_VERSION,
      From: m.from,
      MessageSid: m.sid,
      MessageStatus: m.status,
      SmsSid: m.sid,
      SmsStatus: m.status,
      To: m.to,
      ...(m.errorCode !== null ? { ErrorCode: String(m.errorCode) } : {}),
    };
    const signature = twilioSignature(opts.authToken, url, params);
    const record: FakeCallback = { url, params, signature, answer: "pending" };
    callbacks.push(record);
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature, "User-Agent": "TwilioProxy/1.1" },
        body: new URLSearchParams(params).toString(),
        signal: AbortSignal.timeout(10_000),
      });
      await res.arrayBuffer().catch(() => undefined);
      record.answer = res.status;
      if (!res.ok) opts.log?.(`status callback ${m.status} for ${m.sid} answered ${res.status}`);
    } catch (e) {
      record.answer = (e as Error).message;
      opts.log?.(`status callback ${m.status} for ${m.sid} failed: ${(e as Error).message}`);
    }
  }

  /** The message's life after it was accepted: queued, sent, then delivered or the failure asked for. */
  function advance(m: FakeSms): void {
    const failure = deliveryFailures.get(m.to);
    const url = m.statusCallback;
    if (!url) {
      m.status = failure?.status ?? "delivered";
      m.errorCode = failure?.errorCode ?? null;
      return;
    }
    const steps: [SmsStatus, number | null][] = [
      ["queued", null],
      ["sent", null],
      failure ? [failure.status, failure.errorCode] : ["delivered", null],
    ];
    const run = (async () => {
      for (const [status, errorCode] of steps) {
        await sleep(callbackDelayMs);
        if (closed) return;
        m.status = status;
        m.errorCode = errorCode;
        await callback(m, url);
      }
    })();
    pendingCallbacks.add(run);
    void run.finally(() => pendingCallbacks.delete(run));
  }


  function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    if (res.destroyed) return;
    const json = JSON.stringify(body);
    res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(json), ...headers });
    res.end(json);
  }

  function create(accountSid: string, form: URLSearchParams): { status: number; body: unknown } {
    const to = form.get("To")?.trim() ?? "";
    const from = form.get("From")?.trim() ?? "";
    const body = form.get("Body") ?? "";
    if (!to) return { status: 400, body: twilioError(400, 21604, "A 'To' phone number is required.") };
    if (!E164.test(to)) return { status: 400, body: twilioError(400, 21211, `Invalid 'To' Phone Number: ${to}`) };
    if (!from) return { status: 400, body: twilioError(400, 21603, "A 'From' phone number is required.") };
    if (!body) return { status: 400, body: twilioError(400, 21602, "Message body is required.") };
    if (body.length > 1600) return { status: 400, body: twilioError(400, 21617, "The concatenated message body exceeds the 1600 character limit.") };
    if (optedOut.has(to)) return { status: 400, body: twilioError(400, 21610, "Attempt to send to unsubscribed recipient") };
    const vp = form.get("ValidityPeriod");
    const validityPeriod = vp === null ? undefined : Number(vp);
    if (validityPeriod !== undefined && (!Number.isInteger(validityPeriod) || validityPeriod < 1 || validityPeriod > 36000)) {
      return { status: 400, body: twilioError(400, 21609, "ValidityPeriod must be between 1 and 36000 seconds") };
    }
    const m: FakeSms = {
      sid: `SM${randomBytes(16).toString("hex")}`,
      accountSid,
      to,
      from,
      body,
      validityPeriod,
      statusCallback: form.get("StatusCallback") ?? undefined,
      dateCreated: new Date(Math.floor(Date.now() / 1000) * 1000), // RFC 2822: whole seconds
      status: "queued",
      errorCode: null,
    };
    if (m.statusCallback !== undefined && !/^https?:\/\/[^/]/i.test(m.statusCallback)) {
      return { status: 400, body: twilioError(400, 21609, `The StatusCallback URL ${m.statusCallback} is not a valid URL.`) };
    }
    messages.push(m);
    opts.onMessage?.(m);
    const answer = resource(m); // the answer says queued, whatever happens next
    advance(m);
    return { status: 201, body: answer };
  }

  function list(accountSid: string, url: URL): { status: number; body: unknown } {
    const q = url.searchParams;
    const to = q.get("To");
    const after = q.get("DateSent>");
    const before = q.get("DateSent<");
    const pageSize = Math.min(maxPageSize, Math.max(1, Number(q.get("PageSize") ?? 50) || 50));
    const page = Math.max(0, Number(q.get("Page") ?? 0) || 0);
    const token = q.get("PageToken");
    const afterMs = after ? Date.parse(after) : undefined;
    const beforeMs = before ? Date.parse(before) : undefined;
    if ((after && Number.isNaN(afterMs)) || (before && Number.isNaN(beforeMs))) {
      return { status: 400, body: twilioError(400, 20001, "Invalid DateSent filter") };
    }
    // Newest first, like Twilio; DateSent> is inclusive ("on or after").
    const matching = messages
      .filter((m) => m.accountSid === accountSid)
      .filter((m) => !to || m.to === to)
      .filter((m) => afterMs === undefined || m.dateCreated.getTime() >= afterMs)
      .filter((m) => beforeMs === undefined || m.dateCreated.getTime() < beforeMs)
      .reverse();
    // PageToken names the last message of the previous page (PA + its sid), like Twilio's.
    let start = page * pageSize;
    if (token) {
      const at = matching.findIndex((m) => `PA${m.sid}` === token);
      if (at < 0) return { status: 400, body: twilioError(400, 20001, "Invalid PageToken") };
      start = at + 1;
    }
    const found = matching.slice(start, start + pageSize);
    const pageUri = (n: number, pageToken?: string) => {
      const p = new URLSearchParams(q);
      p.set("PageSize", String(pageSize));
      p.set("Page", String(n));
      p.delete("PageToken");
      if (pageToken) p.set("PageToken", pageToken);
      return `${url.pathname}?${p.toString()}`;
    };
    const last = found[found.length - 1];
    const more = start + found.length < matching.length;
    return {
      status: 200,
      body: {
        messages: found.map(resource),
        end: start + Math.max(0, found.length - 1),
        first_page_uri: pageUri(0),
        next_page_uri: more && last ? pageUri(page + 1, `PA${last.sid}`) : null,
        page,
        page_size: pageSize,
        previous_page_uri: page > 0 ? pageUri(page - 1) : null,
        start,
        uri: `${url.pathname}${url.search}`,
      },
    };
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, raw: string) {
    requests++;
    const failure = await faults.next(req);
    if (failure === "dropped") return;
    if (failure?.status) {
      const code = failure.code ?? (failure.status === 429 ? 20429 : 20500);
      const message = failure.status === 429 ? "Too Many Requests" : "Internal Server Error";
      send(res, failure.status, twilioError(failure.status, code, message), failure.retryAfter !== undefined ? { "Retry-After": String(failure.retryAfter) } : {});
      return;
    }

    const url = new URL(req.url ?? "/", "http://fake-twilio");
    const match = MESSAGES_PATH.exec(url.pathname);
    if (req.headers.authorization !== expectedAuth) {
      send(res, 401, twilioError(401, 20003, "Authenticate"), { "WWW-Authenticate": 'Basic realm="Twilio API"' });
      return;
    }
    if (!match) {
      send(res, 404, twilioError(404, 20404, `The requested resource ${url.pathname} was not found`));
      return;
    }
    if (decodeURIComponent(match[1] ?? "") !== opts.accountSid) {
      send(res, 404, twilioError(404, 20404, `The requested resource ${url.pathname} was not found`));
      return;
    }
    let answer: { status: number; body: unknown };
    if (req.method === "POST") answer = create(opts.accountSid, new URLSearchParams(raw));
    else if (req.method === "GET") answer = list(opts.accountSid, url);
    else answer = { status: 405, body: twilioError(405, 20004, "Method not allowed") };

    if (failure?.drop) {
      req.socket.destroy();
      return;
    }
    send(res, answer.status, answer.body);
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      handle(req, res, Buffer.concat(chunks).toString("utf8")).catch((e: Error) => {
        send(res, 500, twilioError(500, 20500, e.message));
      });
    });
  });

  const port = await listenOn(server, opts.port, host);

  return {
    url: `http://${host}:${port}`,
    port,
    messages,
    optedOut,
    deliveryFailures,
    callbacks,
    async callbacksSettled() {
      while (pendingCallbacks.size) await Promise.all([...pendingCallbacks]);
    },
    failNext(n, failure) {
      faults.push(n, failure);
    },
    requestCount: () => requests,
    close: async () => {
      closed = true;
      await closeServer(server, faults.timers);
    },
  };
}
