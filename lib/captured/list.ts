// What Herald's local provider fakes captured (the SMTP catcher today), newest first, for the
// dashboard: with no real provider configured, this is where "sent" messages can be read.
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { db } from "@/lib/db/prisma";
import type { Channel } from "@/lib/vocabulary";

export async function listCapturedMessages({ actor, input }: { actor: Actor; input: { channel?: Channel; limit?: number } }) {
  requirePermission(actor, "outbox.read");
  const rows = await db().capturedMessage.findMany({
    where: input.channel ? { channel: input.channel } : {},
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
