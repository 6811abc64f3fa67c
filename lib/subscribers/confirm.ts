// The confirmation link: an unconfirmed subscriber becomes active. Opening it again is harmless.
import { z } from "zod";
import { type Actor } from "@/lib/auth/actor";
import { recordChange } from "@/lib/audit/record";
import { db } from "@/lib/db/prisma";

// Tokens are base64url (lib/tokens.ts): anything else is no token, and never reaches the database.
export const ConfirmInput = z.object({ token: z.string().min(10).max(200).regex(/^[A-Za-z0-9_-]+$/) });

export type ConfirmResult =
  | { ok: true; address: string; alreadyConfirmed: boolean }
  | { ok: false; reason: "unknown" | "unsubscribed" };

export async function confirmSubscription({ actor, input }: { actor: Actor; input: z.input<typeof ConfirmInput> }): Promise<ConfirmResult> {
  const parsed = ConfirmInput.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "unknown" };
  return db().$transaction(async (tx) => {
    const s = await tx.subscriber.findUnique({ where: { confirmToken: parsed.data.token } });
    if (!s) return { ok: false, reason: "unknown" };
    if (s.state === "unsubscribed") return { ok: false, reason: "unsubscribed" };
    if (s.state !== "unconfirmed") return { ok: true, address: s.address, alreadyConfirmed: true };
    await tx.subscriber.update({ where: { id: s.id }, data: { state: "active", confirmedAt: new Date() } });
    await recordChange(tx, actor, "subscriber.confirm", { type: "subscriber", id: s.id }, { state: s.state }, { state: "active" });
    return { ok: true, address: s.address, alreadyConfirmed: false };
  });
}
