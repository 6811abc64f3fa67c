// Posts on X through twitter-api-v2. Not built yet: the notifier issue adds the SDK here.
import type { ChannelDefinition } from "@/lib/notify/channels/types";

export const x: ChannelDefinition = {
  channel: "x",
  concurrency: () => 1,
  configure: () => ({ on: false, reason: "Posting to X is not available in this version of Herald yet" }),
};
