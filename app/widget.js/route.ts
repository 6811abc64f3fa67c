// /widget.js: the embeddable status widget (lib/feeds/widget.ts).
import { publicDocumentResponse } from "@/lib/statuspage/respond";

export const dynamic = "force-dynamic";

export function GET(): Promise<Response> {
  return publicDocumentResponse("/widget.js");
}

export function HEAD(): Promise<Response> {
  return publicDocumentResponse("/widget.js", true);
}
