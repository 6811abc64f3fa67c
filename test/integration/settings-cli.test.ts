// `npm run herald -- settings set` as a person runs it: a child process on the test database.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { setupTestDatabase } from "../helpers/db";
import { heraldCli } from "../helpers/cli";

const databaseUrl = setupTestDatabase();

const herald = heraldCli(databaseUrl);

describe("herald settings set", () => {
  it("--help lists every key; without arguments it lists them with their current values", async () => {
    const help = await herald("settings", "set", "--help");
    expect(help.code).toBe(0);
    for (const key of ["name", "url", "time-zone", "logo-url", "brand-color", "support-url", "x-handle", "sms-events", "x-events", "email-sender-name"]) {
      expect(help.stdout).toMatch(new RegExp(`^  ${key} `, "m"));
    }
    expect((await herald("--help")).stdout).toContain("settings set");

    await db().pageSettings.create({ data: { id: 1, name: "Acme Cloud", url: "https://status.acme.test", xHandle: "@acme" } });
    const list = await herald("settings", "set");
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^name\s+Acme Cloud$/m);
    expect(list.stdout).toMatch(/^time-zone\s+Etc\/UTC$/m);
    expect(list.stdout).toMatch(/^x-handle\s+@acme$/m);
    expect(list.stdout).toMatch(/^logo-url\s+\(none\)$/m);
    expect(list.stdout).toMatch(/^sms-events\s+subscription_confirmation,incident_created,incident_resolved,maintenance_started$/m);
  });

  it("sets a key, recorded in the audit log as the CLI; refuses a value the page cannot use (exit 2) and an unknown key", async () => {
    await db().pageSettings.create({ data: { id: 1, name: "Acme", url: "https://status.acme.test" } });
    const set = await herald("settings", "set", "sms-events", "incident_created, incident_updated");
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain("sms-events: subscription_confirmation,incident_created,incident_resolved,maintenance_started -> subscription_confirmation,incident_created,incident_updated");
    expect((await db().pageSettings.findUniqueOrThrow({ where: { id: 1 } })).smsEvents).toEqual(["subscription_confirmation", "incident_created", "incident_updated"]);
    expect(await db().auditLog.findMany()).toEqual([expect.objectContaining({ actorType: "cli", action: "settings.update" })]);

    const pale = await herald("settings", "set", "brand-color", "#ffee00");
    expect(pale.code).toBe(2);
    expect(pale.stderr).toMatch(/brand-color: White text on #ffee00 has a contrast of 1\.\d+:1; WCAG AA needs at least 4\.5:1/);

    const zone = await herald("settings", "set", "time-zone", "Europe/Atlantis");
    expect(zone.code).toBe(2);
    expect(zone.stderr).toContain('time-zone: "Europe/Atlantis" is not a time zone');

    const unknown = await herald("settings", "set", "colour", "#000000");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown key "colour"\. Keys: name, url, time-zone/);

    expect(await db().pageSettings.findUniqueOrThrow({ where: { id: 1 } })).toMatchObject({ brandColor: "#2563eb", timeZone: "Etc/UTC" });
    expect(await db().auditLog.count()).toBe(1);
  });
});
