import { describe, expect, it } from "vitest";
import { CHANNEL_EVENTS, channelsFor } from "@/lib/notify/rules";
import { CHANNELS } from "@/lib/vocabulary";

describe("which channels carry which notifications", () => {
  it("sends SMS only for an incident's creation and resolution, a maintenance's start, and the confirmation", () => {
    expect([...CHANNEL_EVENTS.sms].sort()).toEqual(["incident_created", "incident_resolved", "maintenance_started", "subscription_confirmation"]);
    expect(channelsFor("incident_updated", ["email", "sms", "webhook"])).toEqual(["email", "webhook"]);
    expect(channelsFor("incident_resolved", ["email", "sms"])).toEqual(["email", "sms"]);
  });

  it("never posts a subscriber's confirmation on X or to a webhook", () => {
    expect(channelsFor("subscription_confirmation", [...CHANNELS])).toEqual(["email", "sms"]);
  });

  it("only offers channels that are on", () => {
    expect(channelsFor("incident_created", ["email"])).toEqual(["email"]);
    expect(channelsFor("incident_created", [])).toEqual([]);
  });
});
