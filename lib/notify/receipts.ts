// Provider receipts: what became of a message after the provider accepted it. Twilio reports an
// SMS's progress (queued, sent, delivered, or undelivered/failed) by POSTing to the StatusCallback
// the SMS channel gave it (lib/notify/channels/sms.ts: /api/webhooks/twilio/status?delivery=<id>);
// each report is recorded on its delivery as provider_status / provider_status_at.
import { getConfig, type Config } from "@/lib/config";
import { db } from "@/lib/db/prisma";
import { verifyTwilioSignature } from "@/lib/notify/channels/sms";

/**
 * Where each Twilio message status stands in a message's life: reports can arrive out of order
 * (Twilio makes them concurrently and retries), and one never replaces a later one. The final
 * statuses share a rank: the first that arrives is kept.
 */
export const SMS_STATUS_RANK: Readonly<Record<string, number>> = {
  accepted: 0,
  scheduled: 0,
  queued: 1,
  sending: 2,
  sent: 3,
  delivered: 4,
  undelivered: 4,
  failed: 4,
  canceled: 4,
  read: 5,
};

export type SmsReceiptResult =
  /** The signature is not Twilio's (or SMS is not configured, so none can be checked): answer 403. */
  | { ok: false; reason: "signature" }
  /** Answer 204 whatever was recorded: Twilio would only try again. */
  | { ok: true; recorded: boolean; reason?: "no-delivery" | "unknown-status" | "stale" };

/**
 * A Twilio status callback. `url` is the URL Twilio requested as Twilio saw it (behind a proxy:
 * config.publicUrl + path + query, not the address the server was reached at), `params` the form
 * body, `signature` the X-Twilio-Signature header. The status is recorded on the delivery named
 * by `?delivery=` when the report is about that delivery's message (MessageSid = provider_id, or
 * no provider_id yet: the report can beat the worker's own record of the send) and is later in
 * the message's life than the status already recorded. An undelivered or failed message also
 * gets Twilio's error code as the delivery's last error.
 */
export async function recordSmsReceipt(input: {
  url: string;
  params: Record<string, string>;
  signature: string | null | undefined;
  config?: Config;
}): Promise<SmsReceiptResult> {
  const config = input.config ?? getConfig();
  if (!verifyTwilioSignature(config, input.signature, input.url, input.params)) return { ok: false, reason: "signature" };

  let deliveryId: string | null;
  try {
    deliveryId = new URL(input.url).searchParams.get("delivery");
  } catch {
    deliveryId = null;
  }
  const sid = input.params.MessageSid ?? input.params.SmsSid;
  if (!deliveryId || !sid) return { ok: true, recorded: false, reason: "no-delivery" };

  const status = (input.params.MessageStatus ?? input.params.SmsStatus ?? "").toLowerCase();
  const rank = SMS_STATUS_RANK[status];
  if (rank === undefined) return { ok: true, recorded: false, reason: "unknown-status" };

  const errorCode = /^\d+$/.test(input.params.ErrorCode ?? "") ? input.params.ErrorCode : undefined;
  const error = (status === "undelivered" || status === "failed") ? `Twilio reported the SMS ${status}${errorCode ? ` (error ${errorCode})` : ""}` : null;

  // One statement, so two reports arriving together cannot both pass the ordering check.
  const ranks = Object.entries(SMS_STATUS_RANK);
  const updated = await db().$executeRaw`
    UPDATE delivery SET
      provider_status = ${status},
      provider_status_at = now(),
      last_error = coalesce(${error}::text, last_error),
      updated_at = now()
    WHERE id = ${deliveryId}
      AND channel = 'sms'
      AND (provider_id IS NULL OR provider_id = ${sid})
      AND coalesce((
        SELECT r.rank FROM unnest(${ranks.map(([s]) => s)}::text[], ${ranks.map(([, r]) => r)}::int[]) AS r(status, rank)
        WHERE r.status = delivery.provider_status
      ), -1) < ${rank}`;
  if (updated > 0) return { ok: true, recorded: true };
  const exists = await db().delivery.findUnique({ where: { id: deliveryId }, select: { id: true } });
  return { ok: true, recorded: false, reason: exists ? "stale" : "no-delivery" };
}
