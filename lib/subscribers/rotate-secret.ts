// Give a webhook subscriber a new signing secret. The old one stops working at once: every
// message from now on, retries of earlier ones included, is signed with the new one only (the
// secret is read when a message is sent). Standard Webhooks lets a sender sign with several
// secrets during a changeover; Herald keeps one, so the receiver must switch when the operator
// does. The new secret is returned once; the audit row names it only by a fingerprint.
import { z } from "zod";
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { recordChange } from "@/lib/audit/record";
import { db } from "@/lib/db/prisma";
import { ConflictError } from "@/lib/errors";
import { recordId } from "@/lib/text";
import { lockSubscriber } from "@/lib/subscribers/lock";
import { newWebhookSecret, sha256 } from "@/lib/tokens";

export const RotateWebhookSecretInput = z.object({
  subscriberId: recordId("Unknown subscriber", "Which subscriber?"),
});
export type RotateWebhookSecretInput = z.input<typeof RotateWebhookSecretInput>;

/** Tells two secrets apart in the audit log without revealing either. */
export function secretFingerprint(secret: string | null): string | null {
  return secret ? sha256(secret).slice(0, 12) : null;
}

export async function rotateWebhookSecret({ actor, input }: { actor: Actor; input: RotateWebhookSecretInput }) {
  requirePermission(actor, "subscriber.write");
  const { subscriberId } = RotateWebhookSecretInput.parse(input);
  return db().$transaction(async (tx) => {
    const s = await lockSubscriber(tx, subscriberId);
    if (s.channel !== "webhook") throw new ConflictError(`Only a webhook subscriber has a signing secret; ${s.address} is ${s.channel}`);
    if (s.state === "unsubscribed") throw new ConflictError(`${s.address} is unsubscribed: it is sent nothing to sign`);
    const secret = newWebhookSecret();
    await tx.subscriber.update({ where: { id: s.id }, data: { webhookSecret: secret } });
    await recordChange(
      tx,
      actor,
      "subscriber.rotate_secret",
      { type: "subscriber", id: s.id },
      { secretFingerprint: secretFingerprint(s.webhookSecret) },
      { secretFingerprint: secretFingerprint(secret) },
    );
    return { subscriber: { id: s.id, address: s.address }, webhookSecret: secret };
  });
}
