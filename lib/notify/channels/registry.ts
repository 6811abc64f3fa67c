// Every channel, exhaustively: adding a name to CHANNELS in lib/vocabulary.ts fails the type
// check here until the channel exists.
import type { Config } from "@/lib/config";
import type { Channel } from "@/lib/vocabulary";
import { email } from "@/lib/notify/channels/email";
import { sms } from "@/lib/notify/channels/sms";
import type { ChannelDefinition, ChannelState } from "@/lib/notify/channels/types";
import { webhook } from "@/lib/notify/channels/webhook";
import { x } from "@/lib/notify/channels/x";

export const CHANNEL_REGISTRY: { readonly [C in Channel]: ChannelDefinition & { channel: C } } = {
  email: email as ChannelDefinition & { channel: "email" },
  sms: sms as ChannelDefinition & { channel: "sms" },
  webhook: webhook as ChannelDefinition & { channel: "webhook" },
  x: x as ChannelDefinition & { channel: "x" },
};

/** Which channels are on for this configuration, and why the others are off. */
export function channelStates(config: Config): Record<Channel, ChannelState> {
  return Object.fromEntries(
    Object.values(CHANNEL_REGISTRY).map((def) => [def.channel, def.configure(config)]),
  ) as Record<Channel, ChannelState>;
}
