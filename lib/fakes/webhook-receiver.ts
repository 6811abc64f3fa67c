// A local webhook receiver for development and tests: verifies Standard Webhooks signatures with
// the given secret, records every request, and can be told to misbehave for the next n requests.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

export type ReceivedWebhook = {
  id: string | null;
  timestamp: string | null;
  signature: string | null;
  signatureValid: boolean;
  /** Why verification failed (null when valid). */
  verifyError: string | null;
  /** The body parsed as JSON (the raw text when it is not JSON). */
  body: unknown;
  raw: string;
  headers: http.IncomingHttpHeaders;
  receivedAt: Date;
};

export type FailureMode = {
  /** The status to answer with (default 500). */
  status?: number;
  /** A Retry-After header value (seconds or HTTP-date). */
  retryAfter?: string | number;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Destroy the connection without answering. */
  drop?: boolean;
  /** Answer with a redirect (status defaults to 302) to this location. */
  redirectTo?: string;
  /** Answer with a body of this many bytes (streamed), to test response caps. */
  bodyBytes?: number;
};

export type WebhookReceiver = {
  url: string;
  port: number;
  received: ReceivedWebhook[];
  failNext(n: number, mode?: FailureMode): void;
  /** Answer every later request this way (null: back to 200). */
  always(mode: FailureMode | null): void;
  close(): Promise<void>;
};

export async function startWebhookReceiver(options: { port?: number; host?: string; secret?: string } = {}): Promise<WebhookReceiver> {
  const verifier = options.secret ? new Webhook(options.secret) : null;
  const received: ReceivedWebhook[] = [];
  const queue: FailureMode[] = [];
  let standing: FailureMode | null = null;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const h = (name: string) => {
        const v = req.headers[name];
        return (Array.isArray(v) ? v[0] : v) ?? null;
      };
      let signatureValid = false;
      let verifyError: string | null = verifier ? null : "no secret configured";
      if (verifier) {
        try {
          verifier.verify(raw, {
            "webhook-id": h("webhook-id") ?? "",
            "webhook-timestamp": h("webhook-timestamp") ?? "",
            "webhook-signature": h("webhook-signature") ?? "",
          });
          signatureValid = true;
        } catch (e) {
          verifyError = (e as Error).message;
        }
      }
      let body: unknown = raw;
      try {
        body = JSON.parse(raw);
      } catch {
        // keep the raw text
      }
      received.push({
        id: h("webhook-id"),
        timestamp: h("webhook-timestamp"),
        signature: h("webhook-signature"),
        signatureValid,
        verifyError,
        body,
        raw,
        headers: req.headers,
        receivedAt: new Date(),
      });

      const mode = queue.shift() ?? standing;
      const answer = () => {
        if (!mode) {
          res.writeHead(200, { "content-type": "text/plain" }).end("ok");
          return;
        }
        if (mode.drop) {
          req.socket.destroy();
          return;
        }
        const status = mode.status ?? (mode.redirectTo ? 302 : mode.bodyBytes !== undefined ? 200 : 500);
        const headers: Record<string, string> = { "content-type": "text/plain" };
        if (mode.retryAfter !== undefined) headers["retry-after"] = String(mode.retryAfter);
        if (mode.redirectTo) headers.location = mode.redirectTo;
        res.writeHead(status, headers);
        if (mode.bodyBytes === undefined) {
          res.end(`answering ${status}`);
          return;
        }
        // Stream the body in chunks, stopping if the client hangs up.
        let left = mode.bodyBytes;
        const block = Buffer.alloc(16 * 1024, "x");
        const pump = () => {
          while (left > 0 && !res.destroyed) {
            const piece = left >= block.length ? block : block.subarray(0, left);
            left -= piece.length;
            if (!res.write(piece)) return void res.once("drain", pump);
          }
          if (!res.destroyed) res.end();
        };
        res.on("error", () => undefined);
        pump();
      };
      if (mode?.delayMs) setTimeout(answer, mode.delayMs).unref();
      else answer();
    });
  });
  server.on("clientError", (_e, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://${options.host ?? "127.0.0.1"}:${port}/hooks`,
    port,
    received,
    failNext(n, mode = {}) {
      for (let i = 0; i < n; i++) queue.push(mode);
    },
    always(mode) {
      standing = mode;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
