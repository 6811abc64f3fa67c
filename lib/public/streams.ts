// The live-update streams (/events, server-sent events): every open public page holds one, and
// learns from it when the snapshot changed. They are held where the connection arrives (the
// front thread, or the main thread without one) and cost a socket and a few KB each: no
// connection to the renderer, no database. Caps per client address and in total keep a crowd or
// one script from exhausting the process; a page refused a stream polls /api/v2/status.json
// instead (components/LiveUpdates.tsx), so a refusal loses nothing but immediacy.
//
// Imports nothing of the database or Next.js: the front thread loads it.
import type { IncomingMessage, ServerResponse } from "node:http";
import { writeRefusal } from "@/lib/public/request-guard";
import { CACHE_CONTROL } from "@/lib/public/routes";

export type StreamLimits = { maxStreams: number; perIp: number };

/** A stream whose client stopped reading is dropped past this much unsent data. */
const MAX_BUFFERED = 64 * 1024;
const KEEP_ALIVE_MS = 25_000;
/** When a refused page may try again (it polls meanwhile). */
const RETRY_AFTER_S = 60;

export type StreamHub = {
  /** Open a stream for this request, or refuse it (429 past the per-address cap, 503 past the total). */
  open: (req: IncomingMessage, res: ServerResponse, ip: string) => void;
  /** What a new stream is told first (`event: hello`); null until the first snapshot is known. */
  setHello: (data: string) => void;
  /** Send `event: change` to every open stream. */
  broadcast: (data: string) => void;
  count: () => number;
  closeAll: () => void;
};

export function createStreamHub(limits: StreamLimits): StreamHub {
  const streams = new Set<ServerResponse>();
  const perIp = new Map<string, number>();
  let hello: string | null = null;

  function write(res: ServerResponse, chunk: string): void {
    if (res.writableLength > MAX_BUFFERED) {
      res.destroy();
      return;
    }
    res.write(chunk);
  }

  const keepAlive = setInterval(() => {
    for (const res of streams) write(res, ": keep-alive\n\n");
  }, KEEP_ALIVE_MS);
  keepAlive.unref();

  const refuse = (res: ServerResponse, status: number, message: string) => writeRefusal(res, { status, message, headers: { "Retry-After": String(RETRY_AFTER_S) } });

  return {
    open(req, res, ip) {
      if (hello === null) return refuse(res, 503, "The status page is starting. Try again in a moment.");
      const mine = perIp.get(ip) ?? 0;
      if (mine >= limits.perIp) return refuse(res, 429, "Too many live-update streams from your address; the page will poll instead.");
      if (streams.size >= limits.maxStreams) return refuse(res, 503, "Too many live-update streams open; the page will poll instead.");
      perIp.set(ip, mine + 1);
      streams.add(res);
      req.socket.setNoDelay(true);
      req.socket.setKeepAlive(true, 60_000);
      res.writeHead(200, {
        "Content-Type": "text/event-stream; charset=utf-8",
        "Cache-Control": CACHE_CONTROL.stream,
        Connection: "keep-alive",
        "X-Accel-Buffering": "no",
      });
      res.write(`retry: 3000\nevent: hello\ndata: ${hello}\n\n`);
      res.once("close", () => {
        streams.delete(res);
        const n = (perIp.get(ip) ?? 1) - 1;
        if (n <= 0) perIp.delete(ip);
        else perIp.set(ip, n);
      });
    },
    setHello(data) {
      hello = data;
    },
    broadcast(data) {
      const chunk = `event: change\ndata: ${data}\n\n`;
      for (const res of streams) write(res, chunk);
    },
    count: () => streams.size,
    closeAll() {
      clearInterval(keepAlive);
      for (const res of streams) res.end();
      streams.clear();
      perIp.clear();
    },
  };
}
