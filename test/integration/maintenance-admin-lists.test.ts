// What the dashboard's maintenance pages read (lib/admin/maintenance.ts): upcoming, in progress and
// past (paged) maintenances, and one maintenance with its timeline, in the page's time zone.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { NotFoundError } from "@/lib/errors";
import { listMaintenances, loadMaintenance, PAST_PAGE_SIZE } from "@/lib/admin/maintenance";
import { cancelMaintenance, MAINTENANCE_CANCELLED_MESSAGE } from "@/lib/maintenance/cancel";
import { scheduleMaintenance } from "@/lib/maintenance/schedule";
import { runMaintenanceTick } from "@/lib/maintenance/tick";
import { makeComponent, setupTestDatabase } from "../helpers/db";

setupTestDatabase();

const cli = { type: "cli" } as const;
const HOUR = 3_600_000;

async function schedule(name: string, startsIn: number, components: string[] = []) {
  const scheduledFor = new Date(Date.now() + startsIn);
  const { incident } = await scheduleMaintenance({ actor: cli, input: { name, message: `${name}.`, scheduledFor, scheduledUntil: new Date(scheduledFor.getTime() + HOUR), components } });
  return incident;
}

describe("listMaintenances", () => {
  it("sorts them into upcoming (soonest first), in progress and past, paging the past", async () => {
    await db().pageSettings.create({ data: { name: "Acme", timeZone: "Asia/Tokyo" } });
    const later = await schedule("Later", 48 * HOUR);
    const sooner = await schedule("Sooner", 24 * HOUR);
    // A window that opened a moment ago: the tick starts it.
    const running = await schedule("Running", -0.1 * HOUR);
    await runMaintenanceTick();
    // Those the tick started stay in progress; the past ones are cancelled.
    for (let i = 0; i < PAST_PAGE_SIZE + 2; i++) {
      const m = await schedule(`Old ${i}`, (i + 100) * HOUR);
      await cancelMaintenance({ actor: cli, input: { incidentId: m.id, deliverNotifications: false } });
    }
    await db().incident.create({ data: { name: "An incident", status: "investigating" } });

    const first = await listMaintenances({ actor: cli, input: { page: "1" } });
    expect(first.timeZone).toBe("Asia/Tokyo");
    expect(first.upcoming.map((m) => m.id)).toEqual([sooner.id, later.id]);
    expect(first.inProgress.map((m) => m.id)).toEqual([running.id]);
    expect(first.past).toHaveLength(PAST_PAGE_SIZE);
    expect(first.past[0]).toMatchObject({ name: `Old ${PAST_PAGE_SIZE + 1}`, status: "completed", latest: MAINTENANCE_CANCELLED_MESSAGE });
    expect(first).toMatchObject({ page: 1, pages: 2, pastTotal: PAST_PAGE_SIZE + 2 });
    const second = await listMaintenances({ actor: cli, input: { page: "99" } });
    expect(second.page).toBe(2);
    expect(second.past.map((m) => m.name)).toEqual(["Old 1", "Old 0"]);
    expect((await listMaintenances({ actor: cli, input: { page: "nonsense" } })).page).toBe(1);
  });
});

describe("loadMaintenance", () => {
  it("gives its details, its timeline newest first, and whether it was cancelled", async () => {
    const api = await makeComponent("API");
    const m = await schedule("Network", -0.1 * HOUR, [api.id]);
    await runMaintenanceTick();
    await cancelMaintenance({ actor: cli, input: { incidentId: m.id } });
    const d = await loadMaintenance({ actor: cli, input: { incidentId: m.id } });
    expect(d).toMatchObject({ name: "Network", status: "completed", cancelled: true, timeZone: "Etc/UTC", componentNames: ["API"] });
    expect(d.updates.map((u) => u.status)).toEqual(["completed", "in_progress", "scheduled"]);
    expect(d.updates[0]!.componentChanges).toEqual([{ name: "API", oldStatus: "under_maintenance", newStatus: "operational" }]);

    const incident = await db().incident.create({ data: { name: "Outage", status: "investigating" } });
    await expect(loadMaintenance({ actor: cli, input: { incidentId: incident.id } })).rejects.toBeInstanceOf(NotFoundError);
  });
});
