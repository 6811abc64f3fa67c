// RFC 8058 one-click unsubscribe: mail clients POST `List-Unsubscribe=One-Click` here (the URL in the
// List-Unsubscribe header, with List-Unsubscribe-Post). The token in the path is the credential.
// A GET (a scanner or a person following the URL) only leads to the page with the button.
import { unsubscribe } from "@/lib/subscribers/unsubscribe";
import { ipFrom } from "@/app/_lib/request";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ token: string }> };

export async function POST(request: Request, { params }: Context) {
  const { token } = await params;
  const result = await unsubscribe({ actor: { type: "public", ip: ipFrom(request.headers) }, input: { token } });
  const headers = { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" };
  return result.ok
    ? new Response("Unsubscribed.\n", { status: 200, headers })
    : new Response("Unknown unsubscribe link.\n", { status: 404, headers });
}

export async function GET(_request: Request, { params }: Context) {
  const { token } = await params;
  return new Response(null, { status: 303, headers: { location: `/subscriptions/unsubscribe/${encodeURIComponent(token)}` } });
}
