import { describe, expect, it } from "vitest";
import { CHANNEL_EVENTS, channelsFor } from "@/lib/notify/rules";
import { CHANNELS, NOTIFICATION_KINDS } from "@/lib/vocabulary";

describe("which channels carry which notifications", () => {
  it("sends SMS only for an incident's creation and resolution, a maintenance's start, and the confirmation", () => {
    expect([...CHANNEL_EVENTS.sms].sort()).toEqual(["incident_created", "incident_resolved", "maintenance_started", "subscription_confirmation"]);
    expect(channelsFor("incident_updated", ["email", "sms", "webhook"])).toEqual(["email", "webhook"]);
    expect(channelsFor("incident_resolved", ["email", "sms"])).toEqual(["email", "sms"]);
  });

  it("never posts a subscriber's confirmation on X or to a webhook", () => {
    expect(channelsFor("subscription_confirmation", [...CHANNELS])).toEqual(["email", "sms"]);
  });

  it("sends a component's status change outside an incident to webhooks only", () => {
    expect(channelsFor("component_status_changed", [...CHANNELS])).toEqual(["webhook"]);
  });

  it("sends every incident and maintenance notice by email, to webhooks and on X", () => {
    const notices = NOTIFICATION_KINDS.filter((k) => k !== "subscription_confirmation" && k !== "component_status_changed");
    expect(notices).toHaveLength(7);
    for (const kind of notices) expect(channelsFor(kind, ["email", "webhook", "x"])).toEqual(["email", "webhook", "x"]);
  });

  it("only offers channels that are on", () => {
    expect(channelsFor("incident_created", ["email"])).toEqual(["email"]);
    expect(channelsFor("incident_created", [])).toEqual([]);
  });
});
