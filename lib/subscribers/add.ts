// An operator adds a subscriber by hand. Unless they agreed elsewhere ("confirmed"), the
// subscriber starts unconfirmed and is sent a confirmation through the outbox, as the public form
// does. A webhook starts active either way: an endpoint cannot follow a confirmation link (no
// confirmation goes to webhooks, lib/notify/rules.ts), and the operator who adds it vouches for it.
// A webhook gets a new Standard Webhooks signing secret, returned here once and never again.
import { z } from "zod";
import { type Actor, requirePermission } from "@/lib/auth/actor";
import { recordChange } from "@/lib/audit/record";
import { db } from "@/lib/db/prisma";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { writeNotification } from "@/lib/notify/outbox";
import { normaliseAddress } from "@/lib/subscribers/address";
import { hasNul } from "@/lib/text";
import { newWebhookSecret, randomToken } from "@/lib/tokens";
import { SUBSCRIBER_CHANNELS, type SubscriberChannel, type SubscriberState } from "@/lib/vocabulary";

export const AddSubscriberInput = z
  .object({
    channel: z.enum(SUBSCRIBER_CHANNELS, `Choose a channel: ${SUBSCRIBER_CHANNELS.join(", ")}`),
    address: z.string().trim().min(1, "Enter an address").max(2000, "An address has at most 2000 characters"),
    componentIds: z
      .array(z.string().trim().min(1).max(100).refine((s) => !hasNul(s), "Unknown component"))
      .default([])
      .transform((ids) => [...new Set(ids)]),
    confirmed: z.boolean().default(false),
  })
  .transform((d, ctx) => {
    const a = normaliseAddress(d.channel, d.address);
    if (!a.ok) {
      ctx.addIssue({ code: "custom", path: ["address"], message: a.error });
      return z.NEVER;
    }
    return { ...d, address: a.address };
  });
export type AddSubscriberInput = z.input<typeof AddSubscriberInput>;

export type AddSubscriberResult = {
  subscriber: { id: string; channel: SubscriberChannel; address: string; state: SubscriberState };
  /** A webhook's signing secret: shown to the operator once, stored only on the subscriber. */
  webhookSecret: string | null;
};

export async function addSubscriber({ actor, input }: { actor: Actor; input: AddSubscriberInput }): Promise<AddSubscriberResult> {
  requirePermission(actor, "subscriber.write");
  const data = AddSubscriberInput.parse(input);
  try {
    return await addOnce(actor, data);
  } catch (e) {
    // Someone else subscribed the same address a moment ago: the partial unique index on live
    // addresses let only one in.
    if ((e as { code?: string }).code === "P2002") throw alreadySubscribed(data.channel, data.address);
    throw e;
  }
}

function alreadySubscribed(channel: SubscriberChannel, address: string, state?: SubscriberState): ConflictError {
  const how = state === "unconfirmed" ? " (not yet confirmed)" : state === "quarantined" ? " (quarantined: reactivate it instead)" : "";
  return new ConflictError(`${address} is already subscribed by ${channel}${how}`);
}

async function addOnce(actor: Actor, data: z.output<typeof AddSubscriberInput>): Promise<AddSubscriberResult> {
  return db().$transaction(async (tx) => {
    const components = await tx.component.findMany({ where: { id: { in: data.componentIds } }, select: { id: true, name: true, position: true } });
    if (components.length !== data.componentIds.length) throw new NotFoundError("A chosen component no longer exists");

    const existing = await tx.subscriber.findFirst({ where: { channel: data.channel, address: data.address, state: { not: "unsubscribed" } } });
    if (existing) throw alreadySubscribed(data.channel, data.address, existing.state);

    const active = data.confirmed || data.channel === "webhook";
    const webhookSecret = data.channel === "webhook" ? newWebhookSecret() : null;
    const subscriber = await tx.subscriber.create({
      data: {
        channel: data.channel,
        address: data.address,
        state: active ? "active" : "unconfirmed",
        confirmedAt: active ? new Date() : null,
        confirmToken: active ? null : randomToken(),
        manageToken: randomToken(),
        webhookSecret,
        source: "admin",
        components: { create: data.componentIds.map((componentId) => ({ componentId })) },
      },
    });
    if (!active) {
      await writeNotification(tx, { kind: "subscription_confirmation", targetSubscriberId: subscriber.id, payload: { purpose: "confirm" } });
    }
    await recordChange(tx, actor, "subscriber.add", { type: "subscriber", id: subscriber.id }, null, {
      channel: subscriber.channel,
      address: subscriber.address,
      state: subscriber.state,
      confirmedAt: subscriber.confirmedAt,
      components: components.sort((a, b) => a.position - b.position).map((c) => c.name),
      source: subscriber.source,
      hasSigningSecret: webhookSecret !== null,
    });
    return {
      subscriber: { id: subscriber.id, channel: data.channel, address: subscriber.address, state: subscriber.state },
      webhookSecret,
    };
  });
}
