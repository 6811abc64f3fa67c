// Next's route handlers for the public routes (app/api/v2/[...path], /history.rss, /history.atom,
// /maintenance.ics, /badge.svg, /widget.js, /metrics-display/…, /events, /metrics). The web
// process answers these paths itself before Next.js sees them (front.ts, http.ts); the handlers
// make `next dev` and a plain `next start` serve the same bytes with the same headers, taken from
// the same route table (routes.ts).
import { createHash } from "node:crypto";
import { metricsDisplayDocument } from "@/lib/metrics/display";
import { notifierStats, prometheusText } from "@/lib/notify/stats";
import { getPublicSnapshot, onPublicChange } from "@/lib/public/cache";
import { CONTENT_TYPES, publicDocument, type PublicDocument } from "@/lib/public/documents";
import { streamChange, streamHello } from "@/lib/public/http";
import { CACHE_CONTROL, documentHeaders, publicRoute, routePath } from "@/lib/public/routes";

const NOT_FOUND_JSON: PublicDocument = { status: 404, contentType: CONTENT_TYPES.json, body: '{"error":"Not found"}' };
const NOT_FOUND_TEXT: PublicDocument = { status: 404, contentType: "text/plain; charset=utf-8", body: "Not found\n" };

async function documentAt(path: string): Promise<PublicDocument> {
  const route = publicRoute(path);
  if (route?.kind === "document") return publicDocument(await getPublicSnapshot(), path) ?? NOT_FOUND_TEXT;
  if (route?.kind === "metrics-display") return (await metricsDisplayDocument(path)) ?? NOT_FOUND_JSON;
  return NOT_FOUND_TEXT;
}

/** A document or metric graph's answer: its route's headers, an ETag, 304 on revalidation, HEAD without a body. */
export async function publicResponse(request: Request, head = request.method === "HEAD"): Promise<Response> {
  const path = routePath(new URL(request.url).pathname);
  const doc = await documentAt(path);
  const etag = `"${createHash("sha1").update(doc.body).digest("base64url")}"`;
  const headers = new Headers({ "Content-Type": doc.contentType, ETag: etag });
  const own = documentHeaders(publicRoute(path), doc.status);
  for (let i = 0; i < own.length; i += 2) headers.set(own[i]!, own[i + 1]!);
  if (doc.status === 200 && request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
  return new Response(head ? null : doc.body, { status: doc.status, headers });
}

/** GET and HEAD for a public document route file. */
export const publicRouteHandlers = {
  GET: (request: Request, _context?: unknown) => publicResponse(request, false),
  HEAD: (request: Request, _context?: unknown) => publicResponse(request, true),
};

/** /events without the web process: the same stream, held by Next.js. */
export async function eventsResponse(request: Request): Promise<Response> {
  const snapshot = await getPublicSnapshot();
  const enc = new TextEncoder();
  let stop = () => {};
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(enc.encode(`retry: 3000\nevent: hello\ndata: ${streamHello(snapshot)}\n\n`));
      const off = onPublicChange((kind, s) => {
        if (s) controller.enqueue(enc.encode(`event: change\ndata: ${streamChange(s, kind)}\n\n`));
      });
      const keepAlive = setInterval(() => controller.enqueue(enc.encode(": keep-alive\n\n")), 25_000);
      stop = () => {
        off();
        clearInterval(keepAlive);
      };
      request.signal.addEventListener("abort", () => {
        stop();
        controller.close();
      });
    },
    cancel: () => stop(),
  });
  return new Response(body, {
    headers: { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": CACHE_CONTROL.stream, "X-Accel-Buffering": "no" },
  });
}

/** /metrics without the web process: the notifier's numbers as Prometheus text. */
export async function prometheusResponse(): Promise<Response> {
  try {
    const text = prometheusText(await notifierStats());
    return new Response(text, { headers: { "Content-Type": "text/plain; version=0.0.4; charset=utf-8", "Cache-Control": CACHE_CONTROL.private } });
  } catch {
    return new Response("metrics unavailable\n", { status: 503, headers: { "Content-Type": "text/plain", "Retry-After": "5" } });
  }
}
