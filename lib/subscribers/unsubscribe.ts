// The unsubscribe link in every message (and the List-Unsubscribe one-click POST).
import { z } from "zod";
import { type Actor } from "@/lib/auth/actor";
import { recordChange } from "@/lib/audit/record";
import { db } from "@/lib/db/prisma";

// Tokens are base64url (lib/tokens.ts): anything else is no token, and never reaches the database.
export const UnsubscribeInput = z.object({ token: z.string().min(10).max(200).regex(/^[A-Za-z0-9_-]+$/) });

export async function unsubscribe({ actor, input }: { actor: Actor; input: z.input<typeof UnsubscribeInput> }) {
  const parsed = UnsubscribeInput.safeParse(input);
  if (!parsed.success) return { ok: false as const };
  return db().$transaction(async (tx) => {
    const s = await tx.subscriber.findUnique({ where: { manageToken: parsed.data.token } });
    if (!s) return { ok: false as const };
    if (s.state !== "unsubscribed") {
      await tx.subscriber.update({ where: { id: s.id }, data: { state: "unsubscribed", unsubscribedAt: new Date(), confirmToken: null } });
      await recordChange(tx, actor, "subscriber.unsubscribe", { type: "subscriber", id: s.id }, { state: s.state }, { state: "unsubscribed" });
    }
    return { ok: true as const, address: s.address };
  });
}
