// What Herald's local provider fakes captured (the SMTP catcher today), newest first, for the
// dashboard: with no real provider configured, this is where "sent" messages can be read.
import { type Actor, can, requirePermission } from "@/lib/auth/actor";
import { db } from "@/lib/db/prisma";
import type { Channel } from "@/lib/vocabulary";

export async function listCapturedMessages({ actor, input }: { actor: Actor; input: { channel?: Channel; limit?: number } }) {
  requirePermission(actor, "outbox.read");
  // Mail to operators carries invitation and password-reset links: only those who manage operators
  // read other operators' mail here (an editor could otherwise reset the owner's password).
  const hidden = can(actor, "operator.write")
    ? []
    : (await db().operator.findMany({ select: { email: true } })).map((o) => o.email).filter((e) => actor.type !== "operator" || e !== actor.email);
  const rows = await db().capturedMessage.findMany({
    where: { ...(input.channel ? { channel: input.channel } : {}), ...(hidden.length ? { recipient: { notIn: hidden } } : {}) },
    orderBy: { id: "desc" },
    take: Math.min(Math.max(input.limit ?? 50, 1), 500),
  });
  return rows.map((r) => ({
    id: r.id.toString(),
    channel: r.channel,
    recipient: r.recipient,
    subject: r.subject,
    text: r.text,
    html: r.html,
    createdAt: r.createdAt,
  }));
}
