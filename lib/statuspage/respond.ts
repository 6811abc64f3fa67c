// The Next route handlers' side of the public documents (app/api/v2/[...path], /history.rss,
// /history.atom, /maintenance.ics, /badge.svg, /widget.js). The custom server in front normally
// answers these paths itself, with its own caching headers; these handlers make `next dev` (and
// a plain `next start`) serve the same bytes.
import { getPublicSnapshot } from "@/lib/public/cache";
import { isApiV2Path, publicDocument } from "@/lib/public/documents";

/** The Response for a public document path; `head` leaves the body out. */
export async function publicDocumentResponse(pathname: string, head = false): Promise<Response> {
  const doc = publicDocument(await getPublicSnapshot(), pathname);
  if (!doc) return new Response("Not found\n", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  const headers: Record<string, string> = { "content-type": doc.contentType };
  if (isApiV2Path(pathname)) headers["access-control-allow-origin"] = "*";
  return new Response(head ? null : doc.body, { status: doc.status, headers });
}
