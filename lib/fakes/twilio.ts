// A local fake of Twilio's Messages REST API (plain node:http), so the real SDK can be
// exercised without an account: point TWILIO_API_URL at `url`. It checks HTTP Basic auth,
// validates the fields Twilio validates, answers with Twilio's JSON shapes, keeps every
// accepted message in memory (`messages`) and fails on demand (`failNext`).
import { randomBytes } from "node:crypto";
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
  status: "queued";
};

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
  /** Requests received, failed ones included. */
  requestCount(): number;
  close(): Promise<void>;
};

const E164 = /^\+[1-9]\d{1,14}$/;
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
    error_code: null,
    error_message: null,
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
}): Promise<FakeTwilio> {
  const host = opts.host ?? "127.0.0.1";
  const messages: FakeSms[] = [];
  const optedOut = new Set<string>();
  const faults = new FaultQueue<FakeFailure>();
  let requests = 0;
  const expectedAuth = `Basic ${Buffer.from(`${opts.accountSid}:${opts.authToken}`).toString("base64")}`;


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
    };
    messages.push(m);
    opts.onMessage?.(m);
    return { status: 201, body: resource(m) };
  }

  function list(accountSid: string, url: URL): { status: number; body: unknown } {
    const to = url.searchParams.get("To");
    const after = url.searchParams.get("DateSent>");
    const before = url.searchParams.get("DateSent<");
    const pageSize = Math.min(1000, Math.max(1, Number(url.searchParams.get("PageSize") ?? 50) || 50));
    const afterMs = after ? Date.parse(after) : undefined;
    const beforeMs = before ? Date.parse(before) : undefined;
    // Newest first, like Twilio.
    const found = messages
      .filter((m) => m.accountSid === accountSid)
      .filter((m) => !to || m.to === to)
      .filter((m) => afterMs === undefined || Number.isNaN(afterMs) || m.dateCreated.getTime() >= afterMs)
      .filter((m) => beforeMs === undefined || Number.isNaN(beforeMs) || m.dateCreated.getTime() < beforeMs)
      .reverse()
      .slice(0, pageSize);
    const uri = `${url.pathname}${url.search}`;
    return {
      status: 200,
      body: {
        messages: found.map(resource),
        end: Math.max(0, found.length - 1),
        first_page_uri: uri,
        next_page_uri: null,
        page: 0,
        page_size: pageSize,
        previous_page_uri: null,
        start: 0,
        uri,
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
    failNext(n, failure) {
      faults.push(n, failure);
    },
    requestCount: () => requests,
    close: () => closeServer(server, faults.timers),
  };
}
