// The dashboard's incident list (lib/admin/incidents.ts): open first, then past, newest first;
// searched by name and update text; filtered open/past; 25 a page; maintenance left out.
import { describe, expect, it } from "vitest";
import { PermissionError } from "@/lib/auth/actor";
import { db } from "@/lib/db/prisma";
import { INCIDENTS_PER_PAGE, listIncidents } from "@/lib/admin/incidents";
import { setupTestDatabase } from "../helpers/db";

setupTestDatabase();

const editor = { type: "operator", operatorId: "op-editor", role: "editor", email: "editor@example.com" } as const;

/** An incident started `minutesAgo` ago, with one update of that text. */
async function incident(name: string, minutesAgo: number, opts: { open?: boolean; body?: string; kind?: "incident" | "maintenance" } = {}) {
  const startedAt = new Date(Date.now() - minutesAgo * 60_000);
  const open = opts.open ?? false;
  const maintenance = opts.kind === "maintenance";
  const status = maintenance ? (open ? "scheduled" : "completed") : open ? "investigating" : "resolved";
  return db().incident.create({
    data: {
      kind: opts.kind ?? "incident",
      name,
      status,
      impact: maintenance ? "maintenance" : "minor",
      startedAt,
      createdAt: startedAt,
      resolvedAt: open ? null : new Date(startedAt.getTime() + 30 * 60_000),
      scheduledFor: maintenance ? startedAt : null,
      scheduledUntil: maintenance ? new Date(startedAt.getTime() + 3_600_000) : null,
      updates: { create: { status, body: opts.body ?? `${name}: looking into it.`, displayAt: startedAt } },
    },
  });
}

describe("listIncidents", () => {
  it("lists incidents only, open ones first, then past ones, newest first, with their status, impact and times", async () => {
    const oldPast = await incident("Old outage", 5000);
    const newPast = await incident("Recent outage", 100);
    const oldOpen = await incident("Slow API", 300, { open: true });
    const newOpen = await incident("Login errors", 10, { open: true });
    await incident("Database upgrade", 50, { kind: "maintenance" });

    const list = await listIncidents({ actor: editor, input: {} });
    expect(list.rows.map((r) => r.id)).toEqual([newOpen.id, oldOpen.id, newPast.id, oldPast.id]);
    expect(list).toMatchObject({ total: 4, page: 1, hasNewer: false, hasOlder: false, q: "", filter: "all" });
    expect(list.rows[0]).toMatchObject({ name: "Login errors", status: "investigating", impact: "minor", open: true, resolvedAt: null });
    expect(list.rows[2]).toMatchObject({ name: "Recent outage", status: "resolved", open: false, resolvedAt: expect.any(Date) });

    expect((await listIncidents({ actor: editor, input: { filter: "open" } })).rows.map((r) => r.id)).toEqual([newOpen.id, oldOpen.id]);
    expect((await listIncidents({ actor: editor, input: { filter: "past" } })).rows.map((r) => r.id)).toEqual([newPast.id, oldPast.id]);
  });

  it("searches the name and every update's text, case-insensitively, with % and _ taken literally", async () => {
    const byName = await incident("Elevated API latency", 10);
    const byUpdate = await incident("Partial outage", 20, { body: "A saturated database replica in EU-West." });
    await incident("Email delays", 30);
    const percent = await incident("Errors at 100% of requests", 40);
    await db().incidentUpdate.create({ data: { incidentId: byUpdate.id, status: "resolved", body: "Replica replaced." } });

    expect((await listIncidents({ actor: editor, input: { q: "api LATENCY" } })).rows.map((r) => r.id)).toEqual([byName.id]);
    expect((await listIncidents({ actor: editor, input: { q: "  eu-west " } })).rows.map((r) => r.id)).toEqual([byUpdate.id]);
    // Several matching updates still list the incident once.
    expect((await listIncidents({ actor: editor, input: { q: "replica" } })).rows.map((r) => r.id)).toEqual([byUpdate.id]);
    expect((await listIncidents({ actor: editor, input: { q: "100%" } })).rows.map((r) => r.id)).toEqual([percent.id]);
    expect((await listIncidents({ actor: editor, input: { q: "_" } })).rows).toEqual([]);
    const none = await listIncidents({ actor: editor, input: { q: "nothing like this" } });
    expect(none).toMatchObject({ rows: [], total: 0, hasOlder: false });
    // Search and filter together.
    expect((await listIncidents({ actor: editor, input: { q: "latency", filter: "open" } })).rows).toEqual([]);
  });

  it("pages 25 at a time: Older while there are more, Newer after the first page", async () => {
    const total = INCIDENTS_PER_PAGE * 2 + 3;
    for (let i = 0; i < total; i++) await incident(`Incident ${String(i).padStart(2, "0")}`, total - i);
    const first = await listIncidents({ actor: editor, input: {} });
    expect(first.rows).toHaveLength(INCIDENTS_PER_PAGE);
    expect(first).toMatchObject({ total, hasNewer: false, hasOlder: true });
    expect(first.rows[0]!.name).toBe(`Incident ${total - 1}`);

    const second = await listIncidents({ actor: editor, input: { page: "2" } });
    expect(second.rows).toHaveLength(INCIDENTS_PER_PAGE);
    expect(second).toMatchObject({ page: 2, hasNewer: true, hasOlder: true });
    expect(second.rows[0]!.name).toBe(`Incident ${String(total - 1 - INCIDENTS_PER_PAGE).padStart(2, "0")}`);

    const last = await listIncidents({ actor: editor, input: { page: 3 } });
    expect(last.rows.map((r) => r.name)).toEqual(["Incident 02", "Incident 01", "Incident 00"]);
    expect(last).toMatchObject({ hasNewer: true, hasOlder: false });

    // Every incident appears exactly once across the pages.
    const ids = [...first.rows, ...second.rows, ...last.rows].map((r) => r.id);
    expect(new Set(ids).size).toBe(total);

    const beyond = await listIncidents({ actor: editor, input: { page: 9 } });
    expect(beyond).toMatchObject({ rows: [], total, hasNewer: true, hasOlder: false });
    // A query string's nonsense means the defaults.
    expect(await listIncidents({ actor: editor, input: { page: "abc", filter: "everything" } })).toMatchObject({ page: 1, filter: "all" });
  });

  it("is refused to someone who is not an operator", async () => {
    await expect(listIncidents({ actor: { type: "public" }, input: {} })).rejects.toBeInstanceOf(PermissionError);
  });
});
