// Statuspage public API v2 (lib/statuspage/v2.ts); unknown /api/v2 paths answer a JSON 404.
import { publicDocumentResponse } from "@/lib/statuspage/respond";

export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return publicDocumentResponse(new URL(request.url).pathname);
}

export function HEAD(request: Request): Promise<Response> {
  return publicDocumentResponse(new URL(request.url).pathname, true);
}
