// The dashboard's maintenance forms (app/_actions/maintenance.ts) against the real use cases: the
// window typed in the page's time zone, refusals shown next to their fields with what was typed,
// and the redirect on success. The session and Next's redirect are stood in for.
import { beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/prisma";
import type { Actor } from "@/lib/auth/actor";
import { countRows, makeComponent, setupTestDatabase } from "../helpers/db";

class Redirected extends Error {
  constructor(readonly url: string) {
    super(`redirect ${url}`);
  }
}

let actor: Actor;
vi.mock("@/app/admin/_lib/auth", () => ({ requireOperator: async () => actor }));
vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw new Redirected(url);
  },
}));

const { cancelMaintenanceAction, editMaintenanceAction, postMaintenanceUpdateAction, scheduleMaintenanceAction } = await import("@/app/_actions/maintenance");

setupTestDatabase();

beforeEach(async () => {
  const op = await db().operator.create({ data: { email: "ops@example.com", role: "editor" } });
  actor = { type: "operator", operatorId: op.id, role: "editor", email: op.email };
  await db().pageSettings.create({ data: { name: "Acme", timeZone: "Europe/Paris" } });
});

function form(fields: Record<string, string | string[]>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) f.append(k, one);
  return f;
}

async function redirectOf(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(Redirected);
  return (e as Redirected).url;
}

const empty = { formError: null, fieldErrors: {}, values: null };
const base = { name: "Database upgrade", message: "The database moves.", start: "2099-12-10T02:00", end: "2099-12-10T04:00", auto: "on", reminder: "60", notify: "on" };

describe("maintenance form actions", () => {
  it("schedules with the window read in the page's zone, and goes to the new maintenance's page", async () => {
    const api = await makeComponent("API");
    const url = await redirectOf(scheduleMaintenanceAction(empty, form({ ...base, components: [api.id], reminder: "custom", reminderCustom: "45" })));
    const m = await db().incident.findFirstOrThrow({ where: { kind: "maintenance" }, include: { components: true } });
    expect(url).toBe(`/admin/maintenance/${m.id}?notice=scheduled`);
    expect(m).toMatchObject({
      name: "Database upgrade",
      scheduledFor: new Date("2099-12-10T01:00:00Z"),
      scheduledUntil: new Date("2099-12-10T03:00:00Z"),
      autoTransition: true,
      reminderMinutes: 45,
      createdById: (actor as { operatorId: string }).operatorId,
    });
    expect(m.components.map((c) => c.componentId)).toEqual([api.id]);
  });

  it("refuses a DST gap, a bad lead time, and an end before the start next to the fields, keeping what was typed", async () => {
    const gap = await scheduleMaintenanceAction(empty, form({ ...base, start: "2099-03-29T02:30", reminder: "custom", reminderCustom: "0" }));
    expect(gap.fieldErrors).toEqual({
      start: "2099-03-29 02:30 does not exist in Europe/Paris: the clocks go forward 1 hour then. Choose a time before or after the change",
      reminder: "Give the reminder lead time in whole minutes, from 1 to 10080 (a week)",
    });
    expect(gap.values).toMatchObject({ name: "Database upgrade", start: "2099-03-29T02:30", reminder: "custom", reminderCustom: "0", notify: true, auto: true });

    const backwards = await scheduleMaintenanceAction(empty, form({ ...base, end: "2099-12-10T01:00", name: "" }));
    expect(backwards.fieldErrors).toEqual({ name: "Give the maintenance a name", end: "The maintenance must end after it starts" });
    expect(backwards.values?.end).toBe("2099-12-10T01:00");
    expect(await countRows(["incident", "audit_log"])).toEqual({ incident: 0, audit_log: 0 });
  });

  it("edits: an unchanged start is not resent, a moved end is, and a past start is refused on its field", async () => {
    await redirectOf(scheduleMaintenanceAction(empty, form(base)));
    const m = await db().incident.findFirstOrThrow({ where: { kind: "maintenance" } });
    const edit = { incidentId: m.id, name: "Database upgrade", startWas: "2099-12-10T02:00", endWas: "2099-12-10T04:00", start: "2099-12-10T02:00", componentsShown: "1", auto: "on", reminder: "60", notify: "on" };

    const url = await redirectOf(editMaintenanceAction(empty, form({ ...edit, end: "2099-12-10T05:30" })));
    expect(url).toBe(`/admin/maintenance/${m.id}?notice=saved`);
    expect(await db().incident.findUniqueOrThrow({ where: { id: m.id } })).toMatchObject({ scheduledFor: new Date("2099-12-10T01:00:00Z"), scheduledUntil: new Date("2099-12-10T04:30:00Z") });
    expect((await db().incidentUpdate.findFirstOrThrow({ where: { incidentId: m.id }, orderBy: { createdAt: "desc" } })).body).toBe(
      "Rescheduled: 10 Dec 2099, 02:00 – 05:30 Europe/Paris (UTC+01:00).",
    );

    const same = await redirectOf(editMaintenanceAction(empty, form({ ...edit, endWas: "2099-12-10T05:30", end: "2099-12-10T05:30" })));
    expect(same).toBe(`/admin/maintenance/${m.id}?notice=unchanged`);

    const past = await editMaintenanceAction(empty, form({ ...edit, endWas: "2099-12-10T05:30", end: "2099-12-10T05:30", start: "2020-01-01T10:00" }));
    expect(past.fieldErrors).toEqual({ start: "The start is in the past: choose a time from now on" });
    expect(past.values?.start).toBe("2020-01-01T10:00");
  });

  it("posts an update moving the components, and cancels after the confirmation", async () => {
    const api = await makeComponent("API");
    await redirectOf(scheduleMaintenanceAction(empty, form({ ...base, components: [api.id], auto: "" })));
    const m = await db().incident.findFirstOrThrow({ where: { kind: "maintenance" } });

    const refused = await postMaintenanceUpdateAction(empty, form({ incidentId: m.id, status: "in_progress", message: " ", notify: "on", moveComponents: "on" }));
    expect(refused.fieldErrors).toEqual({ message: "Write the update for the page" });
    expect(refused.values).toEqual({ status: "in_progress", message: " ", notify: true, moveComponents: true });

    const url = await redirectOf(postMaintenanceUpdateAction(empty, form({ incidentId: m.id, status: "in_progress", message: "Started.", notify: "on", moveComponents: "on" })));
    expect(url).toBe(`/admin/maintenance/${m.id}?notice=update-posted`);
    expect((await db().component.findUniqueOrThrow({ where: { id: api.id } })).status).toBe("under_maintenance");

    await redirectOf(cancelMaintenanceAction(empty, form({ incidentId: m.id, message: "Called off.", notify: "on" })));
    expect(await db().incident.findUniqueOrThrow({ where: { id: m.id } })).toMatchObject({ status: "completed" });
    expect((await db().component.findUniqueOrThrow({ where: { id: api.id } })).status).toBe("operational");

    const again = await cancelMaintenanceAction(empty, form({ incidentId: m.id, message: "", notify: "on" }));
    expect(again.formError).toBe('"Database upgrade" has already completed: there is nothing to cancel');
  });

  it("an actor without the permission is told so on the form", async () => {
    // Every operator role may post; an actor without incident.write stands in for one that may not.
    actor = { type: "public" };
    const r = await scheduleMaintenanceAction(empty, form(base));
    expect(r.formError).toBe("Your account is not allowed to schedule maintenance.");
    expect(await db().incident.count()).toBe(0);
  });
});
