// /history.rss: the incident history as RSS 2.0 (lib/feeds/history.ts).
import { publicDocumentResponse } from "@/lib/statuspage/respond";

export const dynamic = "force-dynamic";

export function GET(): Promise<Response> {
  return publicDocumentResponse("/history.rss");
}

export function HEAD(): Promise<Response> {
  return publicDocumentResponse("/history.rss", true);
}
