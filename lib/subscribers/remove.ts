// An operator removes a subscriber. The row stays, marked unsubscribed with the moment
// (unsubscribed_at), as when the subscriber unsubscribes themselves: the history of who was told
// what (deliveries, the audit log) keeps its subscriber, and the address may subscribe again.
import { z } from "zod";
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { recordChange } from "@/lib/audit/record";
import { db } from "@/lib/db/prisma";
import { ConflictError } from "@/lib/errors";
import { recordId } from "@/lib/text";
import { lockSubscriber } from "@/lib/subscribers/lock";

export const RemoveSubscriberInput = z.object({
  subscriberId: recordId("Unknown subscriber", "Which subscriber?"),
});
export type RemoveSubscriberInput = z.input<typeof RemoveSubscriberInput>;

export async function removeSubscriber({ actor, input }: { actor: Actor; input: RemoveSubscriberInput }) {
  requirePermission(actor, "subscriber.write");
  const { subscriberId } = RemoveSubscriberInput.parse(input);
  return db().$transaction(async (tx) => {
    const s = await lockSubscriber(tx, subscriberId);
    if (s.state === "unsubscribed") throw new ConflictError(`${s.address} is already unsubscribed`);
    const now = new Date();
    // The confirmation link stops working with the subscription (as lib/subscribers/unsubscribe.ts).
    const after = await tx.subscriber.update({
      where: { id: s.id },
      data: { state: "unsubscribed", unsubscribedAt: now, confirmToken: null },
    });
    await recordChange(
      tx,
      actor,
      "subscriber.remove",
      { type: "subscriber", id: s.id },
      { address: s.address, state: s.state, unsubscribedAt: s.unsubscribedAt },
      { address: after.address, state: after.state, unsubscribedAt: after.unsubscribedAt },
    );
    return { subscriber: { id: after.id, channel: after.channel, address: after.address, state: after.state } };
  });
}
