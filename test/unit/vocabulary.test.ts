// lib/vocabulary.ts must name exactly what the database's enums hold (prisma/schema.prisma).
import { describe, expect, it } from "vitest";
import {
  ActorType,
  Channel,
  ComponentStatus,
  DeliveryState,
  Impact,
  IncidentKind,
  IncidentStatus,
  NotificationKind,
  OperatorRole,
  SubscriberState,
} from "@/lib/generated/prisma/enums";
import {
  CHANNELS,
  CLOSED_STATUSES,
  COMPONENT_STATUS_LABELS,
  COMPONENT_STATUS_RANK,
  COMPONENT_STATUSES,
  DELIVERY_STATES,
  IMPACTS,
  INCIDENT_KINDS,
  INCIDENT_STATUS_LABELS,
  INCIDENT_STATUSES,
  MAINTENANCE_STATUSES,
  NOTIFICATION_KINDS,
  OPERATOR_ROLES,
  SUBSCRIBER_CHANNELS,
  SUBSCRIBER_STATES,
  CHANNEL_LABELS,
} from "@/lib/vocabulary";

const sorted = (xs: readonly string[]) => [...xs].sort();
const values = (e: Record<string, string>) => sorted(Object.values(e));

describe("vocabulary matches the database enums", () => {
  it.each([
    ["ComponentStatus", COMPONENT_STATUSES, ComponentStatus],
    ["IncidentStatus", [...INCIDENT_STATUSES, ...MAINTENANCE_STATUSES], IncidentStatus],
    ["IncidentKind", INCIDENT_KINDS, IncidentKind],
    ["Impact", IMPACTS, Impact],
    ["Channel", CHANNELS, Channel],
    ["SubscriberState", SUBSCRIBER_STATES, SubscriberState],
    ["NotificationKind", NOTIFICATION_KINDS, NotificationKind],
    ["DeliveryState", DELIVERY_STATES, DeliveryState],
    ["OperatorRole", OPERATOR_ROLES, OperatorRole],
  ] as const)("%s", (_name, list, dbEnum) => {
    expect(sorted(list)).toEqual(values(dbEnum));
    expect(new Set(list).size).toBe(list.length);
  });

  it("incident and maintenance statuses do not overlap", () => {
    expect(INCIDENT_STATUSES.filter((s) => (MAINTENANCE_STATUSES as readonly string[]).includes(s))).toEqual([]);
  });

  it("subscriber channels are database channels, without the page's own X account", () => {
    for (const c of SUBSCRIBER_CHANNELS) expect(Object.values(Channel)).toContain(c);
    expect(SUBSCRIBER_CHANNELS).not.toContain("x");
  });

  it("closed statuses are real statuses", () => {
    for (const s of CLOSED_STATUSES) expect(Object.values(IncidentStatus)).toContain(s);
  });

  it("every status and channel has a label and a rank", () => {
    expect(sorted(Object.keys(COMPONENT_STATUS_LABELS))).toEqual(values(ComponentStatus));
    expect(sorted(Object.keys(COMPONENT_STATUS_RANK))).toEqual(values(ComponentStatus));
    expect(sorted(Object.keys(INCIDENT_STATUS_LABELS))).toEqual(values(IncidentStatus));
    expect(sorted(Object.keys(CHANNEL_LABELS))).toEqual(values(Channel));
  });

  it("the actor types the audit log stores include the command line and the public", () => {
    expect(Object.values(ActorType)).toEqual(expect.arrayContaining(["operator", "api_key", "cli", "system", "public"]));
  });
});
