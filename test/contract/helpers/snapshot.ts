// Hand-built PublicSnapshots for the pure tests of lib/statuspage and lib/feeds (no database).
import type { PublicSnapshot, SnapComponent, SnapGroup, SnapIncident, SnapUpdate } from "@/lib/public/snapshot";

let seq = 0;
/** A fresh 12-character lowercase id. */
export function id(prefix = "x"): string {
  seq++;
  return `${prefix}${seq.toString(36)}`.padEnd(12, "0").slice(0, 12);
}

export const T0 = new Date("2025-03-11T07:00:00.000Z");
export const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

export function page(over: Partial<PublicSnapshot["page"]> = {}): PublicSnapshot["page"] {
  return {
    id: "y2j98763l56x",
    name: "Acme Cloud",
    url: "https://status.acme.example",
    timeZone: "Etc/UTC",
    logoUrl: null,
    brandColor: "#2563eb",
    supportUrl: null,
    xHandle: null,
    updatedAt: at(-60 * 24),
    ...over,
  };
}

export function group(over: Partial<SnapGroup> & { name: string }): SnapGroup {
  return { id: id("g"), description: null, position: 0, collapsed: false, createdAt: at(-1000), updatedAt: at(-1000), ...over };
}

export function component(over: Partial<SnapComponent> & { name: string }): SnapComponent {
  return {
    id: id("c"),
    groupId: null,
    description: null,
    status: "operational",
    position: 0,
    showcase: true,
    onlyShowIfDegraded: false,
    startDate: null,
    createdAt: at(-1000),
    updatedAt: at(-1000),
    ...over,
  };
}

export function update(incidentId: string, over: Partial<SnapUpdate> & Pick<SnapUpdate, "status">): SnapUpdate {
  const t = over.displayAt ?? at(0);
  return {
    id: id("u"),
    incidentId,
    body: "Something happened.",
    createdAt: t,
    updatedAt: t,
    displayAt: t,
    deliverNotifications: true,
    customTweet: null,
    tweetId: null,
    affectedComponents: [],
    ...over,
  };
}

/** An incident (or maintenance, with kind) whose updates are given oldest first, stored newest first. */
export function incident(
  over: Partial<Omit<SnapIncident, "updates">> & Pick<SnapIncident, "name" | "status">,
  updates: (Partial<SnapUpdate> & Pick<SnapUpdate, "status">)[] = [],
): SnapIncident {
  const incidentId = over.id ?? id("i");
  const created = over.createdAt ?? at(0);
  const built = updates.map((u) => update(incidentId, u));
  built.sort((a, b) => b.displayAt.getTime() - a.displayAt.getTime());
  return {
    id: incidentId,
    kind: "incident",
    impact: "none",
    createdAt: created,
    updatedAt: over.updatedAt ?? built[0]?.updatedAt ?? created,
    startedAt: created,
    monitoringAt: null,
    resolvedAt: null,
    scheduledFor: null,
    scheduledUntil: null,
    postmortem: null,
    componentIds: [],
    ...over,
    updates: built,
  };
}

export function snapshot(over: Partial<PublicSnapshot> = {}): PublicSnapshot {
  const s: PublicSnapshot = {
    version: 1,
    builtAt: at(60),
    page: page(),
    groups: [],
    components: [],
    incidents: [],
    statusChanges: [],
    metrics: [],
    ...over,
  };
  // As loadPublicSnapshot: incidents newest first by creation.
  s.incidents = [...s.incidents].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  return s;
}

/** The summary.example.json page, rebuilt as a snapshot (same ids, names, positions, statuses). */
export function exampleSnapshot(): PublicSnapshot {
  const api = group({ id: "b13yz5g2cw10", name: "API", position: 1 });
  const rest = component({ id: "rhznvxg4v7yh", name: "REST API", groupId: api.id, position: 1, status: "degraded_performance", startDate: "2019-05-03" });
  const dashboard = component({ id: "9397cnvk62zn", name: "Dashboard", position: 2, startDate: "2019-05-03" });
  const webhooks = component({ id: "8l4ygp009s5s", name: "Webhooks", groupId: api.id, position: 2, startDate: "2020-01-31" });
  const legacy = component({ id: "st3j38cctv9l", name: "Legacy SOAP gateway", position: 3, showcase: false, onlyShowIfDegraded: true });
  const open = incident(
    { id: "cp306tmzcl0y", name: "Elevated API latency", status: "identified", impact: "minor", componentIds: [rest.id], createdAt: at(12) },
    [
      {
        status: "investigating",
        displayAt: at(12),
        body: "We are investigating elevated latency on the REST API.",
        affectedComponents: [{ componentId: rest.id, name: rest.name, oldStatus: "operational", newStatus: "degraded_performance" }],
      },
      {
        status: "identified",
        displayAt: at(41),
        body: "We have identified a saturated database replica and are failing over.",
        affectedComponents: [{ componentId: rest.id, name: rest.name, oldStatus: "degraded_performance", newStatus: "degraded_performance" }],
      },
    ],
  );
  const upcoming = incident(
    {
      id: "gtny7hgjy2qx",
      kind: "maintenance",
      name: "Database engine upgrade",
      status: "scheduled",
      impact: "maintenance",
      componentIds: [webhooks.id],
      createdAt: at(-60 * 21),
      scheduledFor: new Date("2025-03-15T02:00:00.000Z"),
      scheduledUntil: new Date("2025-03-15T04:00:00.000Z"),
    },
    [{ status: "scheduled", displayAt: at(-60 * 21), body: "We will be undergoing scheduled maintenance during this time." }],
  );
  return snapshot({ groups: [api], components: [rest, dashboard, webhooks, legacy], incidents: [open, upcoming] });
}
