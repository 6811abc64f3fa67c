// The mails Herald sends its own operators: an invitation link and a password-reset link. The use
// case enqueues an "operator_mail" job in the transaction that writes the link's token, so the
// mail goes out if and only if the link exists; the worker sends it through the email channel.
import type { Config } from "@/lib/config";
import { db, type Tx } from "@/lib/db/prisma";
import type { ChannelSender, OutboundMessage } from "@/lib/notify/channels/types";
import { messageHost } from "@/lib/notify/compose";
import { TASKS, type OperatorMailPayload } from "@/lib/queue/tasks";
import { sha256 } from "@/lib/tokens";

type Runner = Pick<Tx, "$executeRaw">;

/** Sending is retried for about a day (graphile-worker's backoff), well within an invitation's life. */
const MAX_ATTEMPTS = 12;

/**
 * Queues the mail of a link just issued. The payload holds the token in plain text: it is what
 * the mail must carry, and the database keeps only its hash otherwise. It lives no longer than the
 * job (graphile-worker deletes a job once it succeeds, or after its last attempt).
 */
export async function enqueueOperatorMail(tx: Runner, payload: OperatorMailPayload): Promise<void> {
  await tx.$executeRaw`SELECT graphile_worker.add_job(${TASKS.operatorMail}::text, ${JSON.stringify(payload)}::json, max_attempts => ${MAX_ATTEMPTS}::int)`;
}

export const LINK_PATHS = { invitation: "/admin/invitation/", password_reset: "/admin/reset-password/" } as const;

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** A moment in the page's time zone, named so the reader knows which one (UTC when the zone is unknown). */
export function formatExpiry(at: Date, timeZone: string): string {
  const format = (zone: string) =>
    new Intl.DateTimeFormat("en-GB", { timeZone: zone, dateStyle: "long", timeStyle: "short", hourCycle: "h23" }).format(at);
  try {
    return `${format(timeZone)} (${timeZone})`;
  } catch {
    return `${format("UTC")} (UTC)`;
  }
}

export type OperatorMailInput = {
  kind: OperatorMailPayload["kind"];
  token: string;
  tokenId: string;
  to: string;
  expiresAt: Date;
  invitedBy?: string;
  page: { name: string; timeZone: string };
  publicUrl: string;
};

/** The mail itself: plain text first (the link, who sent it, when it stops working), and a simple HTML twin. */
export function composeOperatorMail(m: OperatorMailInput): OutboundMessage {
  const url = `${m.publicUrl}${LINK_PATHS[m.kind]}${m.token}`;
  const until = formatExpiry(m.expiresAt, m.page.timeZone);
  const lines =
    m.kind === "invitation"
      ? {
          subject: `You are invited to run ${m.page.name}`,
          intro: `${m.invitedBy ?? "The owner"} invited you to help run the status page ${m.page.name} (Herald), as ${m.to}.`,
          action: "To accept, open this link and choose your name and password:",
          after: `The link works once and until ${until}. If you did not expect this, ignore this message: nothing happens without the link.`,
        }
      : {
          subject: `Reset your password for ${m.page.name}`,
          intro: `Someone (perhaps you) asked to reset the password of the operator account ${m.to} on ${m.page.name} (Herald).`,
          action: "To choose a new password, open this link:",
          after: `The link works once and until ${until}. If you did not ask for this, ignore this message: your password stays as it is.`,
        };
  const text = `${lines.intro}\n\n${lines.action}\n\n${url}\n\n${lines.after}\n`;
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#111;max-width:600px;margin:0 auto;padding:16px">
<h2 style="margin:0 0 12px">${escapeHtml(m.page.name)}</h2>
<p>${escapeHtml(lines.intro)}</p>
<p>${escapeHtml(lines.action)}</p>
<p><a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>
<p>${escapeHtml(lines.after)}</p>
</body></html>`;
  return {
    deliveryId: m.tokenId,
    notificationId: `operator-${m.kind}`,
    channel: "email",
    to: m.to,
    subject: lines.subject,
    text,
    html,
    // One Message-ID per link: a resend after a lost answer is recognised as the same mail.
    idempotencyKey: `<operator-token.${m.tokenId}@${messageHost(m.publicUrl)}>`,
    threadKey: null,
    links: { unsubscribe: null, oneClick: null, page: url },
  };
}

export type OperatorMailResult = "sent" | "skipped" | "failed";

/**
 * The worker's "operator_mail" task. A link that died before its mail went out (used, replaced by
 * a newer one, expired, operator disabled) is not mailed. Throws to be tried again later when the
 * mail could not go out yet (email off on this worker, or the server asked to retry).
 */
export async function runOperatorMail(
  payload: OperatorMailPayload,
  ctx: { config: Config; sender: ChannelSender | undefined; log?: (m: string) => void },
): Promise<OperatorMailResult> {
  const row = await db().operatorToken.findUnique({
    where: { tokenHash: sha256(String(payload.token)) },
    include: { operator: { select: { email: true, disabledAt: true } } },
  });
  if (!row || row.kind !== payload.kind || row.usedAt || row.expiresAt <= new Date() || row.operator.disabledAt) return "skipped";
  if (!ctx.sender) throw new Error("email is off on this worker (SMTP_URL is not set): the operator's link cannot be mailed yet");
  const settings = await db().pageSettings.findUnique({ where: { id: 1 }, select: { name: true, timeZone: true } });
  const message = composeOperatorMail({
    kind: row.kind,
    token: payload.token,
    tokenId: row.id,
    to: row.operator.email,
    expiresAt: row.expiresAt,
    invitedBy: payload.invitedBy,
    page: { name: settings?.name ?? "Herald", timeZone: settings?.timeZone ?? "Etc/UTC" },
    publicUrl: ctx.config.publicUrl,
  });
  const outcome = await ctx.sender.send(message);
  if (outcome.kind === "retry") throw new Error(`mailing ${row.operator.email} failed, will retry: ${outcome.error}`);
  if (outcome.kind === "failed") {
    // Permanent (the server refused the address): trying again cannot help. The owner can resend.
    ctx.log?.(`the ${row.kind === "invitation" ? "invitation" : "password reset"} mail to ${row.operator.email} was refused: ${outcome.error}`);
    return "failed";
  }
  return "sent";
}
