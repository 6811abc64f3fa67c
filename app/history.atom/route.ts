// /history.atom: the incident history as Atom 1.0 (lib/feeds/history.ts).
import { publicDocumentResponse } from "@/lib/statuspage/respond";

export const dynamic = "force-dynamic";

export function GET(): Promise<Response> {
  return publicDocumentResponse("/history.atom");
}

export function HEAD(): Promise<Response> {
  return publicDocumentResponse("/history.atom", true);
}
