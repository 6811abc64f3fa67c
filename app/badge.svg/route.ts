// /badge.svg: the status badge (lib/feeds/badge.ts).
import { publicDocumentResponse } from "@/lib/statuspage/respond";

export const dynamic = "force-dynamic";

export function GET(): Promise<Response> {
  return publicDocumentResponse("/badge.svg");
}

export function HEAD(): Promise<Response> {
  return publicDocumentResponse("/badge.svg", true);
}
