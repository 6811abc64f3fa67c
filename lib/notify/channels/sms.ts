// SMS through Twilio. Not built yet: the notifier issue adds the twilio SDK here.
import type { ChannelDefinition } from "@/lib/notify/channels/types";

export const sms: ChannelDefinition = {
  channel: "sms",
  concurrency: () => 1,
  configure: () => ({ on: false, reason: "SMS delivery is not available in this version of Herald yet" }),
};
