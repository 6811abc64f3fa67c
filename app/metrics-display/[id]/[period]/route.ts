// GET/HEAD /metrics-display/<id>/day.json | week.json | month.json — a public metric's graph data
// (lib/metrics/display.ts). The web server usually answers these from memory before Next.js sees
// them (lib/public/http.ts); this route answers them when Next.js is reached directly.
import { createHash } from "node:crypto";
import { metricsDisplayDocument } from "@/lib/metrics/display";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string; period: string }> };

// Fresh within a bucket or a change: browsers revalidate (cheap with the ETag), CDNs keep 5 s.
const CACHE_CONTROL = "public, max-age=0, s-maxage=5, stale-while-revalidate=30";

async function answer(request: Request, { params }: Context, head: boolean): Promise<Response> {
  const { id, period } = await params;
  const doc = (await metricsDisplayDocument(`/metrics-display/${id}/${period}`)) ?? {
    status: 404,
    contentType: "application/json; charset=utf-8",
    body: '{"error":"Not found"}',
  };
  const etag = `"${createHash("sha1").update(doc.body).digest("base64url")}"`;
  const headers = {
    "Content-Type": doc.contentType,
    "Access-Control-Allow-Origin": "*",
    "Cache-Control": doc.status === 200 ? CACHE_CONTROL : "public, max-age=0, s-maxage=5",
    ETag: etag,
    "X-Content-Type-Options": "nosniff",
  };
  if (doc.status === 200 && request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
  return new Response(head ? null : doc.body, { status: doc.status, headers });
}

export function GET(request: Request, context: Context): Promise<Response> {
  return answer(request, context, false);
}

export function HEAD(request: Request, context: Context): Promise<Response> {
  return answer(request, context, true);
}
