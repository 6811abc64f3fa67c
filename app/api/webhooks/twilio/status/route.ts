// Twilio status callbacks for SMS (the StatusCallback lib/notify/channels/sms.ts gives Twilio):
// the form body and X-Twilio-Signature go to lib/notify/receipts.ts. The signed URL is the one
// Twilio requested: config.publicUrl (what Twilio was given) + this path + the query, not the
// address this server was reached at (a proxy may stand in between).
import { getConfig } from "@/lib/config";
import { recordSmsReceipt } from "@/lib/notify/receipts";

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  const config = getConfig();
  const received = new URL(request.url);
  const params: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(await request.text())) params[k] = v;
  const result = await recordSmsReceipt({
    config,
    url: `${config.publicUrl}${received.pathname}${received.search}`,
    params,
    signature: request.headers.get("x-twilio-signature"),
  });
  // 204 even for an unknown delivery: Twilio would only try again.
  if (!result.ok) return new Response("Invalid signature.\n", { status: 403, headers: { "content-type": "text/plain; charset=utf-8" } });
  return new Response(null, { status: 204 });
}
