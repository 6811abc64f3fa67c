// Reactivate a quarantined subscriber (one whose deliveries kept failing): active again, its
// failure count back to zero, so the next notification tries it afresh.
import { z } from "zod";
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { recordChange } from "@/lib/audit/record";
import { db } from "@/lib/db/prisma";
import { ConflictError } from "@/lib/errors";
import { recordId } from "@/lib/text";
import { lockSubscriber } from "@/lib/subscribers/lock";

export const ReactivateSubscriberInput = z.object({
  subscriberId: recordId("Unknown subscriber", "Which subscriber?"),
});
export type ReactivateSubscriberInput = z.input<typeof ReactivateSubscriberInput>;

export async function reactivateSubscriber({ actor, input }: { actor: Actor; input: ReactivateSubscriberInput }) {
  requirePermission(actor, "subscriber.write");
  const { subscriberId } = ReactivateSubscriberInput.parse(input);
  return db().$transaction(async (tx) => {
    const s = await lockSubscriber(tx, subscriberId);
    if (s.state !== "quarantined") throw new ConflictError(`Only a quarantined subscriber can be reactivated; ${s.address} is ${s.state}`);
    // Active means confirmed (a database rule): one that never confirmed cannot be made active here.
    if (!s.confirmedAt) throw new ConflictError(`${s.address} never confirmed the subscription: remove it and add it again`);
    const after = await tx.subscriber.update({
      where: { id: s.id },
      data: { state: "active", consecutiveFailures: 0, quarantinedAt: null },
    });
    await recordChange(
      tx,
      actor,
      "subscriber.reactivate",
      { type: "subscriber", id: s.id },
      { state: s.state, consecutiveFailures: s.consecutiveFailures, quarantinedAt: s.quarantinedAt },
      { state: after.state, consecutiveFailures: after.consecutiveFailures, quarantinedAt: after.quarantinedAt },
    );
    return { subscriber: { id: after.id, channel: after.channel, address: after.address, state: after.state } };
  });
}
