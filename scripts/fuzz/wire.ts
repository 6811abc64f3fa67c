// The fuzz's HTTP/1.1 client: raw bytes over node:net, so a request can be anything (duplicate
// Host, bad chunks, invalid UTF-8 in the path, a body shorter than its Content-Length), and the
// answer is read as bytes: status line, headers, an excerpt of the body.
import net from "node:net";

/** How a case's bytes go out. */
export type Send =
  /** Head and body written in full (the body in 64 KB pieces, honouring back-pressure). */
  | { type: "bytes"; head: Buffer; body?: Buffer }
  /** Head and part of the body, then the connection is closed: "destroy" (RST-like) or "fin" (half-close, answer still read). */
  | { type: "truncate"; head: Buffer; body: Buffer; close: "destroy" | "fin" }
  /** Bytes dripped `step` at a time every `everyMs`; `finish`: all of them are sent and an answer is awaited, else the connection is dropped midway. */
  | { type: "slow"; bytes: Buffer; step: number; everyMs: number; finish: boolean }
  /** A connection that sends `bytes` (maybe none) and then sits idle for `holdMs` before closing. */
  | { type: "idle"; bytes: Buffer; holdMs: number; close: "destroy" | "fin" };

export type Answer = {
  /** The final status code (1xx interim answers skipped), when a status line arrived. */
  status?: number;
  headers: Record<string, string>;
  /** The first bytes of the body, printable. */
  excerpt: string;
  /** What went wrong on the connection before an answer was complete (reset, timeout, …). */
  error?: string;
  /** Whether the fuzz itself cut the exchange short (truncate, slow without finish, idle). */
  cutByUs: boolean;
  /** The marker (ExchangeOptions.markers) found in the body, if any. */
  marker?: string;
  ms: number;
};

export type ExchangeOptions = {
  port: number;
  /** How long to wait for an answer before giving up (not a latency check: a hang detector). */
  answerTimeoutMs: number;
  /** Texts whose presence in a body is reported (the app's error page behind a 2xx). */
  markers?: readonly string[];
};

const EXCERPT_BYTES = 600;
const HEAD_LIMIT = 256 * 1024;

/** Builds an HTTP/1.x request head. Header values go out as given (latin1), names too. */
export function head(method: string, target: string | Buffer, headers: [string, string][], version = "HTTP/1.1"): Buffer {
  const line = Buffer.concat([Buffer.from(`${method} `, "latin1"), typeof target === "string" ? Buffer.from(target, "latin1") : target, Buffer.from(` ${version}\r\n`, "latin1")]);
  const rest = headers.map(([n, v]) => `${n}: ${v}\r\n`).join("");
  return Buffer.concat([line, Buffer.from(`${rest}\r\n`, "latin1")]);
}

type Parsed = { status: number; headers: Record<string, string>; bodyStart: number } | { incomplete: true } | { invalid: string };

/** Parses one response head at `from`; interim 1xx answers (except 101) are skipped. */
export function parseHead(buf: Buffer, from = 0): Parsed {
  let at = from;
  for (;;) {
    const end = buf.indexOf("\r\n\r\n", at, "latin1");
    if (end < 0) return buf.length - at > HEAD_LIMIT ? { invalid: "response head too large" } : { incomplete: true };
    const text = buf.subarray(at, end).toString("latin1");
    const [statusLine = "", ...lines] = text.split("\r\n");
    const m = /^HTTP\/\d\.\d (\d{3})/.exec(statusLine);
    if (!m) return { invalid: `not an HTTP status line: ${JSON.stringify(statusLine.slice(0, 80))}` };
    const status = Number(m[1]);
    const headers: Record<string, string> = {};
    for (const l of lines) {
      const i = l.indexOf(":");
      if (i > 0) {
        const name = l.slice(0, i).trim().toLowerCase();
        const value = l.slice(i + 1).trim();
        headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
      }
    }
    if (status >= 100 && status < 200 && status !== 101) {
      at = end + 4;
      continue;
    }
    return { status, headers, bodyStart: end + 4 };
  }
}

/** Whether a chunked body that starts at `from` is complete (its last chunk and trailers seen). */
export function chunkedComplete(buf: Buffer, from: number): boolean {
  let at = from;
  for (;;) {
    const eol = buf.indexOf("\r\n", at, "latin1");
    if (eol < 0) return false;
    const size = parseInt(buf.subarray(at, eol).toString("latin1").split(";")[0]!.trim(), 16);
    if (!Number.isFinite(size)) return true; // garbage: stop reading, the excerpt shows it
    if (size === 0) return buf.indexOf("\r\n\r\n", eol, "latin1") >= 0 || buf.subarray(eol).toString("latin1") === "\r\n\r\n";
    at = eol + 2 + size + 2;
    if (at > buf.length) return false;
  }
}

/** Printable excerpt of a body (control bytes escaped). */
export function printable(b: Buffer): string {
  return b
    .subarray(0, EXCERPT_BYTES)
    .toString("utf8")
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

/** Sends one case's bytes and reads the answer. Never throws. */
export function exchange(send: Send, method: string, opts: ExchangeOptions): Promise<Answer> {
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = net.connect({ port: opts.port, host: "127.0.0.1" });
    socket.setNoDelay(true);
    let received = Buffer.alloc(0);
    let finished = false;
    let cutByUs = false;
    const timers: NodeJS.Timeout[] = [];
    const later = (ms: number, f: () => void) => timers.push(setTimeout(f, ms));

    const finish = (error?: string) => {
      if (finished) return;
      finished = true;
      for (const t of timers) clearTimeout(t);
      const parsed = parseHead(received);
      const answer: Answer = { headers: {}, excerpt: "", cutByUs, ms: Date.now() - started };
      if ("status" in parsed) {
        answer.status = parsed.status;
        answer.headers = parsed.headers;
        answer.excerpt = printable(received.subarray(parsed.bodyStart));
        answer.marker = opts.markers?.find((m) => received.includes(m, parsed.bodyStart));
      } else if ("invalid" in parsed) {
        answer.error = parsed.invalid;
        answer.excerpt = printable(received);
      } else if (received.length > 0) {
        answer.error = `${error ?? "closed"} after a partial response head`;
        answer.excerpt = printable(received);
      }
      if (answer.status === undefined && !answer.error) answer.error = error ?? "closed without an answer";
      socket.destroy();
      resolve(answer);
    };

    /** Whether the answer read so far is complete (status line, head, and the body by its framing). */
    const complete = (): boolean => {
      const parsed = parseHead(received);
      if ("invalid" in parsed) return true;
      if (!("status" in parsed)) return false;
      const { status, headers, bodyStart } = parsed;
      if (method === "HEAD" || status === 204 || status === 304 || status === 101) return true;
      // A stream (server-sent events) never ends: its head is the answer.
      if ((headers["content-type"] ?? "").startsWith("text/event-stream")) return true;
      const te = headers["transfer-encoding"];
      if (te && /chunked/i.test(te)) return chunkedComplete(received, bodyStart);
      const cl = headers["content-length"];
      if (cl !== undefined) return received.length - bodyStart >= Number(cl);
      return false; // until close
    };

    socket.on("data", (d: Buffer) => {
      // Keep what the excerpt and the framing need, not a whole multi-megabyte answer.
      received = received.length < 4 * 1024 * 1024 ? Buffer.concat([received, d]) : received;
      if (complete()) finish();
    });
    socket.on("end", () => finish());
    socket.on("close", () => finish());
    socket.on("error", (e: NodeJS.ErrnoException) => finish(e.code === "ECONNRESET" ? "reset" : e.code === "EPIPE" ? "broken pipe" : (e.code ?? e.message)));
    later(opts.answerTimeoutMs, () => finish(`no answer in ${opts.answerTimeoutMs / 1000} s`));

    socket.on("connect", () => {
      switch (send.type) {
        case "bytes":
          writeAll(socket, send.body ? [send.head, send.body] : [send.head], () => finished || "status" in parseHead(received));
          break;
        case "truncate":
          socket.write(Buffer.concat([send.head, send.body]));
          // A moment for an early answer (413, 400), then the cut.
          later(150, () => {
            if (finished) return;
            cutByUs = true;
            if (send.close === "destroy") finish("cut by the fuzz");
            else {
              socket.end();
              later(3_000, () => finish("cut by the fuzz (half-closed, no answer)"));
            }
          });
          break;
        case "slow": {
          let at = 0;
          const drip = () => {
            if (finished || socket.destroyed) return;
            if (at >= send.bytes.length) return;
            if (!send.finish && at >= send.bytes.length / 2) {
              cutByUs = true;
              return finish("dropped midway by the fuzz");
            }
            socket.write(send.bytes.subarray(at, at + send.step));
            at += send.step;
            later(send.everyMs, drip);
          };
          drip();
          break;
        }
        case "idle":
          if (send.bytes.length) socket.write(send.bytes);
          later(send.holdMs, () => {
            if (finished) return;
            cutByUs = true;
            if (send.close === "destroy") finish("closed by the fuzz after idling");
            else {
              socket.end();
              later(3_000, () => finish("half-closed by the fuzz after idling, no answer"));
            }
          });
          break;
      }
    });
  });
}

/** Writes buffers in 64 KB pieces with back-pressure; stops when `stop()` says so (an early answer, an error). */
function writeAll(socket: net.Socket, parts: Buffer[], stop: () => boolean): void {
  const pieces: Buffer[] = [];
  for (const p of parts) for (let i = 0; i < p.length; i += 65_536) pieces.push(p.subarray(i, i + 65_536));
  let i = 0;
  const pump = () => {
    while (i < pieces.length) {
      if (stop() || socket.destroyed) return;
      const ok = socket.write(pieces[i++]!);
      if (!ok) return void socket.once("drain", pump);
    }
  };
  pump();
}
