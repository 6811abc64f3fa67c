// The fan-out bench's receivers, in the bench process: an SMTP sink that accepts every message and
// answers DATA after a fixed delay (a fast provider), and an HTTP receiver that answers every
// POST with 200. Both count and time arrivals and keep nothing else (no bodies: 100k messages
// must not grow the bench's memory). Not lib/fakes/smtp-catcher.ts, which stores every message.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/** Arrivals in one phase of the run (Herald, then the bare baseline). */
export class Counter {
  count = 0;
  /** performance.now() of the first and last arrival of this phase. */
  first: number | undefined;
  last: number | undefined;
  /** Bytes of the first message of this phase (to size the baseline's messages alike). */
  firstBytes = 0;
  errors = 0;

  hit(bytes: number): void {
    const now = performance.now();
    if (this.first === undefined) {
      this.first = now;
      this.firstBytes = bytes;
    }
    this.last = now;
    this.count++;
  }

  /** Messages per second between the first and the last arrival. */
  rate(): number {
    if (this.first === undefined || this.last === undefined || this.count < 2 || this.last === this.first) return 0;
    return (this.count - 1) / ((this.last - this.first) / 1000);
  }

  reset(): void {
    this.count = 0;
    this.first = undefined;
    this.last = undefined;
    this.firstBytes = 0;
    this.errors = 0;
  }
}

export type Sink = { port: number; counter: Counter; close: () => Promise<void> };

export async function startSmtpSink(opts: { delayMs: number }): Promise<Sink> {
  const counter = new Counter();
  const server = new SMTPServer({
    authOptional: true,
    // Plain SMTP on loopback, as a relay on the same network would be; no TLS handshake to time.
    disabledCommands: ["STARTTLS", "AUTH"],
    banner: "Herald bench sink",
    logger: false,
    size: 10 * 1024 * 1024,
    // Every sender here is the bench's own; no reverse lookups of 127.0.0.1.
    disableReverseLookup: true,
    maxClients: 1000,
    onData(stream, _session, callback) {
      let bytes = 0;
      stream.on("data", (chunk: Buffer) => (bytes += chunk.length));
      stream.on("end", () => {
        counter.hit(bytes);
        setTimeout(callback, opts.delayMs);
      });
      stream.on("error", () => counter.errors++);
    },
  });
  server.on("error", () => counter.errors++);
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return { port, counter, close: () => new Promise<void>((r) => server.close(() => r())) };
}

export async function startWebhookReceiver(): Promise<Sink> {
  const counter = new Counter();
  const server = http.createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    let bytes = 0;
    req.on("data", (chunk: Buffer) => (bytes += chunk.length));
    req.on("end", () => {
      if (req.method === "POST") counter.hit(bytes);
      res.writeHead(200, { "content-type": "text/plain", "content-length": "2" });
      res.end("ok");
    });
    req.on("error", () => counter.errors++);
  });
  server.maxRequestsPerSocket = 0;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    counter,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
