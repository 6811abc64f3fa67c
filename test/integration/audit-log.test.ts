// The audit log as the dashboard reads it: newest first, filtered by who, what entity and when,
// paged both ways by keyset; who and what named in words, targets linked; and the log itself
// cannot be changed (the append-only trigger).
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { type Actor, PermissionError } from "@/lib/auth/actor";
import { dateToZonedLocal, loadAuditView, targetHref, zonedLocalToDate } from "@/lib/admin/audit";
import { createApiKey } from "@/lib/api-keys/create";
import { listAuditLog } from "@/lib/audit/list";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/prisma";
import { createMetric } from "@/lib/metrics/create";
import { updateMetric } from "@/lib/metrics/update";
import { setupTestDatabase } from "../helpers/db";

setupTestDatabase();

const cli: Actor = { type: "cli" };

async function operator(role: "owner" | "admin" | "editor", email = `${role}@example.com`) {
  const o = await db().operator.create({ data: { email, role } });
  return { type: "operator", operatorId: o.id, role, email, ip: "192.0.2.1" } satisfies Actor;
}

/** An audit row at a given time, written as recordAudit writes it (the log's own default is now()). */
async function row(actor: Actor, action: string, target: { type: string; id: string }, at: string) {
  const actorId = actor.type === "operator" ? actor.operatorId : actor.type === "api_key" ? actor.apiKeyId : null;
  await db().auditLog.create({ data: { at: new Date(at), actorType: actor.type, actorId, action, targetType: target.type, targetId: target.id, data: { n: action } } });
}

describe("listAuditLog", () => {
  it("lists newest first with who in words and before/after split from other details", async () => {
    const admin = await operator("admin");
    const { metric } = await createMetric({ actor: admin, input: { name: "Latency" } });
    await updateMetric({ actor: admin, input: { metricId: metric.id, suffix: " ms" } });
    const { apiKey } = await createApiKey({ actor: admin, input: { name: "Deploy", role: "editor" } });
    const keyActor: Actor = { type: "api_key", apiKeyId: apiKey.id, operatorId: admin.operatorId, role: "editor" };
    await db().$transaction((tx) => recordAudit(tx, keyActor, "component.set_status", { type: "component", id: "c1" }, { from: "operational", to: "major_outage" }));
    await db().$transaction((tx) => recordAudit(tx, cli, "subscriber.import", { type: "subscriber_import", id: "i1" }));
    await db().$transaction((tx) => recordAudit(tx, { type: "system" }, "maintenance.start", { type: "incident", id: "m1" }));

    const page = await listAuditLog({ actor: admin, input: {} });
    expect(page.entries.map((e) => [e.actor.label, e.action])).toEqual([
      ["System", "maintenance.start"],
      ["Command line", "subscriber.import"],
      ['API key "Deploy" (admin@example.com)', "component.set_status"],
      ["admin@example.com", "api_key.create"],
      ["admin@example.com", "metric.update"],
      ["admin@example.com", "metric.create"],
    ]);
    const update = page.entries[4]!;
    expect(update).toMatchObject({ target: { type: "metric", id: metric.id }, ip: "192.0.2.1", before: { suffix: "" }, after: { suffix: " ms" }, details: null });
    expect(page.entries[5]).toMatchObject({ before: null, after: expect.objectContaining({ name: "Latency" }) });
    expect(page.entries[2]).toMatchObject({ before: null, after: null, details: { from: "operational", to: "major_outage" } });
    expect(page.entries[1]).toMatchObject({ details: null, before: null, after: null });
    expect(page).toMatchObject({ newer: null, older: null });
  });

  it("filters by operator (with their API keys), by kind of actor, by entity type and id, and by time", async () => {
    const admin = await operator("admin");
    const other = await operator("owner", "other@example.com");
    const { apiKey } = await createApiKey({ actor: admin, input: { name: "Deploy", role: "editor" } });
    const keyActor: Actor = { type: "api_key", apiKeyId: apiKey.id, operatorId: admin.operatorId, role: "editor" };
    await row(admin, "metric.create", { type: "metric", id: "m1" }, "2026-12-01T09:00:00Z");
    await row(other, "metric.update", { type: "metric", id: "m2" }, "2026-12-02T09:00:00Z");
    await row(keyActor, "incident.create", { type: "incident", id: "i1" }, "2026-12-03T09:00:00Z");
    await row(cli, "metric.update", { type: "metric", id: "m1" }, "2026-12-04T09:00:00Z");

    const actions = async (input: Parameters<typeof listAuditLog>[0]["input"]) =>
      (await listAuditLog({ actor: other, input })).entries.map((e) => `${e.action}@${e.at.toISOString().slice(0, 10)}`);
    // The admin's own rows and their key's, not the api_key.create row's target (that is the admin's too).
    expect(await actions({ operatorId: admin.operatorId, targetType: "metric" })).toEqual(["metric.create@2026-12-01"]);
    expect(await actions({ operatorId: admin.operatorId, targetType: "incident" })).toEqual(["incident.create@2026-12-03"]);
    expect(await actions({ operatorId: other.operatorId })).toEqual(["metric.update@2026-12-02"]);
    expect(await actions({ actorType: "cli" })).toEqual(["metric.update@2026-12-04"]);
    expect(await actions({ actorType: "api_key" })).toEqual(["incident.create@2026-12-03"]);
    expect(await actions({ targetType: "metric", targetId: "m1" })).toEqual(["metric.update@2026-12-04", "metric.create@2026-12-01"]);
    expect(await actions({ targetType: "metric", from: "2026-12-01T12:00:00Z", to: "2026-12-03T23:59:59Z" })).toEqual(["metric.update@2026-12-02"]);
    expect(await actions({ to: new Date("2026-12-01T09:00:00Z") })).toEqual(["metric.create@2026-12-01"]);
    expect(await actions({ operatorId: "nosuchoperat" })).toEqual([]);
  });

  it("pages by keyset, older and newer, keeping the filters", async () => {
    const admin = await operator("admin");
    for (let i = 0; i < 7; i++) {
      await db().$transaction((tx) => recordAudit(tx, admin, `thing.${i}`, { type: i % 2 ? "odd" : "even", id: String(i) }));
    }
    const actions = (p: { entries: { action: string }[] }) => p.entries.map((e) => e.action);
    const first = await listAuditLog({ actor: admin, input: { limit: 3 } });
    expect(actions(first)).toEqual(["thing.6", "thing.5", "thing.4"]);
    expect(first.newer).toBeNull();
    const second = await listAuditLog({ actor: admin, input: { limit: 3, before: first.older! } });
    expect(actions(second)).toEqual(["thing.3", "thing.2", "thing.1"]);
    expect(second.newer).not.toBeNull();
    const third = await listAuditLog({ actor: admin, input: { limit: 3, before: second.older! } });
    expect(actions(third)).toEqual(["thing.0"]);
    expect(third.older).toBeNull();
    const back = await listAuditLog({ actor: admin, input: { limit: 3, after: third.newer! } });
    expect(actions(back)).toEqual(["thing.3", "thing.2", "thing.1"]);
    expect(back.older).not.toBeNull();
    const top = await listAuditLog({ actor: admin, input: { limit: 3, after: back.newer! } });
    expect(actions(top)).toEqual(["thing.6", "thing.5", "thing.4"]);
    expect(top.newer).toBeNull();

    const even = await listAuditLog({ actor: admin, input: { limit: 2, targetType: "even" } });
    expect(actions(even)).toEqual(["thing.6", "thing.4"]);
    const evenMore = await listAuditLog({ actor: admin, input: { limit: 2, targetType: "even", before: even.older! } });
    expect(actions(evenMore)).toEqual(["thing.2", "thing.0"]);
    expect(evenMore.older).toBeNull();
  });

  it("refuses a reader without audit.read, and filters that make no sense", async () => {
    const editor = await operator("editor");
    await expect(listAuditLog({ actor: editor, input: {} })).rejects.toThrow(PermissionError);
    await expect(listAuditLog({ actor: { type: "public" }, input: {} })).rejects.toThrow(PermissionError);
    await expect(loadAuditView({ actor: editor, input: {} })).rejects.toThrow(PermissionError);
    const e = await listAuditLog({ actor: cli, input: { from: "2026-12-02T00:00:00Z", to: "2026-12-01T00:00:00Z" } }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ZodError);
    expect((e as ZodError).issues[0]!.message).toBe("The end must come after the start");
    await expect(listAuditLog({ actor: cli, input: { before: "12abc" } })).rejects.toThrow(ZodError);
    await expect(listAuditLog({ actor: cli, input: { from: "yesterday" } })).rejects.toThrow(/Enter the start as a date and time/);
  });
});

describe("the audit log is append-only", () => {
  it("refuses to update or delete a row", async () => {
    await db().$transaction((tx) => recordAudit(tx, cli, "metric.create", { type: "metric", id: "m1" }));
    await expect(db().$executeRaw`UPDATE audit_log SET action = 'forged'`).rejects.toThrow(/append-only/);
    await expect(db().$executeRaw`DELETE FROM audit_log`).rejects.toThrow(/append-only/);
    await expect(db().auditLog.deleteMany()).rejects.toThrow(/append-only/);
    expect((await db().auditLog.findMany()).map((r) => r.action)).toEqual(["metric.create"]);
  });
});

describe("the dashboard's audit view", () => {
  it("names targets, links them to their admin pages, and gives the page's time zone and the filter choices", async () => {
    const admin = await operator("admin");
    await db().pageSettings.create({ data: { name: "Acme", timeZone: "Europe/Paris" } });
    const { metric } = await createMetric({ actor: admin, input: { name: "Latency" } });
    await db().$transaction((tx) => recordAudit(tx, cli, "maintenance.schedule", { type: "incident", id: "gone12345678" }));
    const view = await loadAuditView({ actor: admin, input: {} });
    expect(view.timeZone).toBe("Europe/Paris");
    expect(view.operators).toEqual([{ id: admin.operatorId, email: "admin@example.com" }]);
    expect(view.targetTypes).toEqual(["incident", "metric"]);
    expect(view.rows.map((r) => r.target)).toEqual([
      { type: "incident", id: "gone12345678", name: null, href: "/admin/maintenance/gone12345678" },
      { type: "metric", id: metric.id, name: "Latency", href: `/admin/metrics#metric-${metric.id}` },
    ]);
    expect(targetHref("incident", "abc", "incident.create")).toBe("/admin/incidents/abc");
    expect(targetHref("api_key", "abc", "api_key.revoke")).toBe("/admin/api-keys");
    expect(targetHref("subscriber_import", "x", "subscriber.import")).toBe("/admin/subscribers");
    expect(targetHref("mystery", "x", "mystery.thing")).toBeNull();
  });

  it("reads filter times as wall-clock times in the page's zone, across daylight-saving changes", () => {
    expect(zonedLocalToDate("2026-12-07T14:30", "Europe/Paris")!.toISOString()).toBe("2026-12-07T13:30:00.000Z");
    expect(zonedLocalToDate("2026-07-07T14:30", "Europe/Paris")!.toISOString()).toBe("2026-07-07T12:30:00.000Z");
    expect(zonedLocalToDate("2026-12-07T14:30", "America/New_York")!.toISOString()).toBe("2026-12-07T19:30:00.000Z");
    expect(zonedLocalToDate("2026-12-07T14:30", "UTC")!.toISOString()).toBe("2026-12-07T14:30:00.000Z");
    // 02:30 on 29 March 2026 does not exist in Paris (clocks jump from 02:00 to 03:00).
    expect(zonedLocalToDate("2026-03-29T02:30", "Europe/Paris")!.toISOString()).toBe("2026-03-29T01:30:00.000Z");
    expect(zonedLocalToDate("yesterday", "UTC")).toBeNull();
    expect(dateToZonedLocal(new Date("2026-07-07T12:30:00Z"), "Europe/Paris")).toBe("2026-07-07T14:30");
  });
});
