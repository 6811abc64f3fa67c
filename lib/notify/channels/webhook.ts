// Signed webhooks (Standard Webhooks). Not built yet: the notifier issue adds them here.
import type { ChannelDefinition } from "@/lib/notify/channels/types";

export const webhook: ChannelDefinition = {
  channel: "webhook",
  concurrency: () => 1,
  configure: () => ({ on: false, reason: "Webhook delivery is not available in this version of Herald yet" }),
};
