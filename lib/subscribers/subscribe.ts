// Someone subscribes from the public page. Email is double opt-in: the subscriber starts
// unconfirmed and a confirmation goes out through the outbox (never inside the request).
// Entering an address that is already subscribed sends its owner a link to manage it instead,
// and says nothing to whoever typed it.
import { z } from "zod";
import { type Actor } from "@/lib/auth/actor";
import { recordAudit, recordChange } from "@/lib/audit/record";
import { db } from "@/lib/db/prisma";
import { writeNotification } from "@/lib/notify/outbox";
import { normaliseAddress } from "@/lib/subscribers/address";
import { randomToken } from "@/lib/tokens";

export const SubscribeInput = z.object({
  channel: z.literal("email"),
  address: z.string().max(320),
  componentIds: z
    .array(z.string())
    .default([])
    .transform((ids) => [...new Set(ids)]),
});
export type SubscribeInput = z.input<typeof SubscribeInput>;

export class SubscribeError extends Error {}

export async function subscribe({ actor, input }: { actor: Actor; input: SubscribeInput }) {
  const data = SubscribeInput.parse(input);
  const addr = normaliseAddress(data.channel, data.address);
  if (!addr.ok) throw new SubscribeError(addr.error);

  try {
    return await subscribeOnce(actor, data, addr.address);
  } catch (e) {
    // Two requests for one address at the same moment: the database let one in (unique index on
    // live addresses); the other now finds it and takes the "already subscribed" path.
    if ((e as { code?: string }).code === "P2002") return subscribeOnce(actor, data, addr.address);
    throw e;
  }
}

async function subscribeOnce(actor: Actor, data: z.output<typeof SubscribeInput>, address: string) {
  return db().$transaction(async (tx) => {
    const known = await tx.component.findMany({ where: { id: { in: data.componentIds } }, select: { id: true } });
    if (known.length !== new Set(data.componentIds).size) throw new SubscribeError("Unknown component");

    const existing = await tx.subscriber.findFirst({
      where: { channel: data.channel, address, state: { not: "unsubscribed" } },
    });
    if (existing) {
      // Unconfirmed: send the confirmation again. Active or quarantined: prove ownership first.
      const purpose = existing.state === "unconfirmed" ? "confirm" : "manage";
      await writeNotification(tx, { kind: "subscription_confirmation", targetSubscriberId: existing.id, payload: { purpose } });
      await recordAudit(tx, actor, `subscriber.${purpose}_link_resent`, { type: "subscriber", id: existing.id });
      return { subscriberId: existing.id, resent: true };
    }
    const subscriber = await tx.subscriber.create({
      data: {
        channel: data.channel,
        address,
        state: "unconfirmed",
        confirmToken: randomToken(),
        manageToken: randomToken(),
        source: "form",
        createdIp: actor.type === "public" ? (actor.ip ?? null) : null,
        components: { create: data.componentIds.map((componentId) => ({ componentId })) },
      },
    });
    await writeNotification(tx, { kind: "subscription_confirmation", targetSubscriberId: subscriber.id, payload: { purpose: "confirm" } });
    await recordChange(tx, actor, "subscriber.create", { type: "subscriber", id: subscriber.id }, null, { channel: data.channel, state: "unconfirmed", components: data.componentIds });
    return { subscriberId: subscriber.id, resent: false };
  });
}
