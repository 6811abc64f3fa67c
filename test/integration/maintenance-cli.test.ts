// The maintenance commands of the admin CLI as a person runs them: a child process on the test
// database. Times typed without an offset are read in the page's time zone.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { MAINTENANCE_CANCELLED_MESSAGE } from "@/lib/maintenance/cancel";
import { countRows, makeComponent, setupTestDatabase } from "../helpers/db";
import { heraldCli } from "../helpers/cli";

const databaseUrl = setupTestDatabase();

const herald = heraldCli(databaseUrl);

const TABLES = ["incident", "incident_update", "notification", "audit_log"];

describe("maintenance CLI", () => {
  it("lists the commands, and each --help its options", async () => {
    const top = await herald("--help");
    for (const c of ["maintenance schedule", "maintenance update", "maintenance cancel"]) expect(top.stdout).toContain(c);
    const help = await herald("maintenance", "schedule", "--help");
    expect(help.code).toBe(0);
    for (const flag of ["--name", "--message", "--start", "--end", "--component", "--no-auto", "--reminder", "--no-notify"]) expect(help.stdout).toContain(flag);
  });

  it("schedule reads a local time in the page's zone, names components, and prints just the id", async () => {
    await db().pageSettings.create({ data: { name: "Acme", timeZone: "America/New_York" } });
    const api = await makeComponent("API", 0);
    const web = await makeComponent("Website", 1);
    const r = await herald(
      "maintenance", "schedule",
      "--name", "Network maintenance",
      "--message", "Switches are replaced.",
      "--start", "2099-07-04 02:00",
      "--end", "2099-07-04T08:30Z",
      "--component", "api",
      "--component", web.id,
      "--no-auto",
      "--reminder", "1440",
      "--no-notify",
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^[0-9a-z]{12}\n$/);
    const m = await db().incident.findUniqueOrThrow({ where: { id: r.stdout.trim() }, include: { components: true } });
    expect(m).toMatchObject({
      kind: "maintenance",
      status: "scheduled",
      name: "Network maintenance",
      // 02:00 in New York in July is 06:00 UTC (EDT).
      scheduledFor: new Date("2099-07-04T06:00:00Z"),
      scheduledUntil: new Date("2099-07-04T08:30:00Z"),
      autoTransition: false,
      reminderMinutes: 1_440,
    });
    expect(m.components.map((c) => c.componentId).sort()).toEqual([api.id, web.id].sort());
    expect(await db().notification.count()).toBe(0);
    expect(await db().auditLog.findMany()).toEqual([expect.objectContaining({ actorType: "cli", action: "maintenance.schedule", targetId: m.id })]);
  });

  it("schedule refuses bad times, a DST gap, a bad reminder and an end before the start, exit 2, writing nothing", async () => {
    await db().pageSettings.create({ data: { name: "Acme", timeZone: "Europe/Paris" } });
    const base = ["maintenance", "schedule", "--name", "N", "--message", "M"];
    const cases: [string[], RegExp][] = [
      [["--start", "tomorrow", "--end", "2099-01-01 02:00"], /--start "tomorrow": write it as YYYY-MM-DD HH:MM/],
      [["--start", "2099-03-29 02:30", "--end", "2099-03-29 05:00"], /--start: 2099-03-29 02:30 does not exist in Europe\/Paris: the clocks go forward 1 hour then/],
      [["--start", "2099-01-01 02:00", "--end", "2099-01-01 03:00", "--reminder", "0"], /--reminder "0": give whole minutes from 1 to 10080, or "none"/],
      [["--start", "2099-01-01 02:00", "--end", "2099-01-01 01:00"], /The maintenance must end after it starts/],
      [["--start", "2099-01-01 02:00"], /--end is required/],
    ];
    for (const [args, message] of cases) {
      const r = await herald(...base, ...args);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    expect(Object.values(await countRows(TABLES))).toEqual([0, 0, 0, 0]);
  });

  it("update moves the window and says so; cancel closes it; a completed one is refused with exit 1", async () => {
    const made = await herald("maintenance", "schedule", "--name", "DB", "--message", "Upgrade.", "--start", "2099-01-01T02:00Z", "--end", "2099-01-01T03:00Z");
    expect(made.code, made.stderr).toBe(0);
    const id = made.stdout.trim();

    const nothing = await herald("maintenance", "update", id);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toMatch(/Say what to change/);

    const moved = await herald("maintenance", "update", id, "--start", "2099-01-02 02:00", "--end", "2099-01-02 05:00", "--reminder", "none");
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.stdout).toContain('Updated "DB": 2 Jan 2099, 02:00 – 05:00 UTC');
    expect(moved.stdout).toMatch(/Posted update [0-9a-z]{12} \(subscribers notified\)/);
    expect(await db().incident.findUniqueOrThrow({ where: { id } })).toMatchObject({
      scheduledFor: new Date("2099-01-02T02:00:00Z"),
      scheduledUntil: new Date("2099-01-02T05:00:00Z"),
      reminderMinutes: null,
    });
    const rescheduled = await db().incidentUpdate.findFirstOrThrow({ where: { incidentId: id }, orderBy: { createdAt: "desc" } });
    expect(rescheduled.body).toBe("Rescheduled: 2 Jan 2099, 02:00 – 05:00 UTC.");
    expect(await db().auditLog.count({ where: { action: "maintenance.update", targetId: id } })).toBe(1);

    const backwards = await herald("maintenance", "update", id, "--end", "2099-01-02 01:00");
    expect(backwards.code).toBe(2);
    expect(backwards.stderr).toMatch(/The maintenance must end after it starts/);

    const cancelled = await herald("maintenance", "cancel", id, "--no-notify");
    expect(cancelled.code, cancelled.stderr).toBe(0);
    expect(cancelled.stdout).toBe('Cancelled "DB"\n');
    expect(await db().incident.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "completed" });
    expect((await db().incidentUpdate.findFirstOrThrow({ where: { incidentId: id, status: "completed" } })).body).toBe(MAINTENANCE_CANCELLED_MESSAGE);

    const again = await herald("maintenance", "cancel", id);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/"DB" has already completed: there is nothing to cancel/);
    const edit = await herald("maintenance", "update", id, "--name", "Later");
    expect(edit.code).toBe(1);
    expect(edit.stderr).toMatch(/a completed maintenance cannot be edited/);
    const unknown = await herald("maintenance", "cancel", "nosuchthing1");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/No maintenance with id nosuchthing1/);
  });
});
