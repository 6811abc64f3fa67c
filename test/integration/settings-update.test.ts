// The settings use case (lib/settings/update.ts): it changes what it is given, records what the
// fields were and are, refuses what the page cannot use (a colour white text is unreadable on, a
// time zone that is none) with a message saying why and writing nothing, and refuses editors. The
// public snapshot shows the new settings once the database announces the change.
import { afterAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { PermissionError, type Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/prisma";
import { currentPublicSnapshot, refreshPublicSnapshot, startPublicCache, stopPublicCache } from "@/lib/public/cache";
import { getPageSettings } from "@/lib/settings/get";
import { updateSettings, type UpdateSettingsInput } from "@/lib/settings/update";
import { setupTestDatabase } from "../helpers/db";

setupTestDatabase();
afterAll(async () => {
  await stopPublicCache();
});

const admin: Actor = { type: "operator", operatorId: "op-admin", role: "admin", email: "admin@example.com", ip: "192.0.2.1" };
const editor: Actor = { type: "operator", operatorId: "op-editor", role: "editor", email: "editor@example.com" };

async function page() {
  await db().pageSettings.create({ data: { id: 1, name: "Acme", url: "https://status.acme.test" } });
}

/** The refusal's messages by field, from a call expected to fail with a ZodError. */
async function refusal(input: UpdateSettingsInput): Promise<Record<string, string>> {
  const e = await updateSettings({ actor: admin, input }).then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ZodError);
  return Object.fromEntries((e as ZodError).issues.map((i) => [String(i.path[0]), i.message]));
}

describe("updateSettings", () => {
  it("changes every setting and records before and after of what changed", async () => {
    await page();
    const r = await updateSettings({
      actor: admin,
      input: {
        name: "  Acme Cloud ",
        url: "https://status.acme.example/",
        timeZone: "europe/paris",
        logoUrl: "https://acme.example/logo.svg",
        brandColor: "#1D4ED8",
        supportUrl: "https://acme.example/help",
        xHandle: "acme_status",
        smsEvents: ["incident_resolved", "incident_created", "maintenance_scheduled"],
        xEvents: ["incident_created"],
        emailSenderName: "Acme Status",
      },
    });
    expect(r.changed.sort()).toEqual(["brandColor", "emailSenderName", "logoUrl", "name", "smsEvents", "supportUrl", "timeZone", "url", "xEvents", "xHandle"]);
    const stored = await getPageSettings();
    expect(stored).toEqual({
      name: "Acme Cloud",
      url: "https://status.acme.example",
      timeZone: "Europe/Paris",
      logoUrl: "https://acme.example/logo.svg",
      brandColor: "#1d4ed8",
      supportUrl: "https://acme.example/help",
      xHandle: "@acme_status",
      // In the vocabulary's order; an SMS subscriber's confirmation is always on.
      smsEvents: ["subscription_confirmation", "incident_created", "incident_resolved", "maintenance_scheduled"],
      xEvents: ["incident_created"],
      emailSenderName: "Acme Status",
      demo: false,
    });

    const audit = await db().auditLog.findMany();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorType: "operator", actorId: "op-admin", action: "settings.update", targetType: "page_settings", targetId: "1", ip: "192.0.2.1" });
    const data = audit[0]!.data as { before: Record<string, unknown>; after: Record<string, unknown> };
    expect(data.before).toMatchObject({ name: "Acme", url: "https://status.acme.test", timeZone: "Etc/UTC", brandColor: "#2563eb", logoUrl: null, xHandle: null });
    expect(data.before.smsEvents).toEqual(["subscription_confirmation", "incident_created", "incident_resolved", "maintenance_started"]);
    expect(data.after).toMatchObject({ name: "Acme Cloud", timeZone: "Europe/Paris", brandColor: "#1d4ed8", xHandle: "@acme_status", emailSenderName: "Acme Status" });
    expect(data.after.xEvents).toEqual(["incident_created"]);
  });

  it("changes only the fields given; saving the same values writes nothing", async () => {
    await page();
    const r = await updateSettings({ actor: { type: "cli" }, input: { timeZone: "America/New_York", name: "Acme" } });
    expect(r.changed).toEqual(["timeZone"]);
    const [row] = await db().auditLog.findMany();
    expect(row!.data).toEqual({ before: { timeZone: "Etc/UTC" }, after: { timeZone: "America/New_York" } });
    expect(row!.actorType).toBe("cli");
    expect((await getPageSettings()).name).toBe("Acme");

    const again = await updateSettings({ actor: admin, input: { timeZone: "America/New_York" } });
    expect(again.changed).toEqual([]);
    expect(await db().auditLog.count()).toBe(1);
  });

  it("clears the optional links with an empty value", async () => {
    await db().pageSettings.create({ data: { id: 1, name: "Acme", url: "https://status.acme.test", logoUrl: "https://a.test/l.png", xHandle: "@acme", supportUrl: "https://a.test" } });
    await updateSettings({ actor: admin, input: { logoUrl: "", xHandle: " ", supportUrl: "", emailSenderName: "" } });
    expect(await getPageSettings()).toMatchObject({ logoUrl: null, xHandle: null, supportUrl: null, emailSenderName: null });
  });

  it("writes the settings row when none exists yet (a web process started alone)", async () => {
    await updateSettings({ actor: admin, input: { name: "Fresh" } });
    expect(await db().pageSettings.findUniqueOrThrow({ where: { id: 1 } })).toMatchObject({ name: "Fresh", timeZone: "Etc/UTC", demo: false });
  });

  it("refuses a brand colour white text fails WCAG AA on, saying the ratio it got, and writes nothing", async () => {
    await page();
    const errors = await refusal({ brandColor: "#ffcc00", name: "Renamed" });
    expect(errors.brandColor).toMatch(/#ffcc00/);
    expect(errors.brandColor).toMatch(/1\.\d\d?:1/);
    expect(errors.brandColor).toMatch(/4\.5:1/);
    // Just short of AA: the ratio shown is rounded down, never "4.5:1".
    const grey = await refusal({ brandColor: "#777777" });
    expect(grey.brandColor).toContain("4.47:1");
    expect((await refusal({ brandColor: "blue" })).brandColor).toMatch(/# and six hex digits/);
    expect((await refusal({ brandColor: "#fff" })).brandColor).toMatch(/# and six hex digits/);
    expect(await getPageSettings()).toMatchObject({ name: "Acme", brandColor: "#2563eb" });
    expect(await db().auditLog.count()).toBe(0);
    // The lightest grey that passes is taken.
    await updateSettings({ actor: admin, input: { brandColor: "#767676" } });
    expect((await getPageSettings()).brandColor).toBe("#767676");
  });

  it("refuses what is not a time zone, and takes real ones (canonical or alias)", async () => {
    await page();
    for (const zone of ["Mars/Olympus_Mons", "+01:00", "GMT+1 ", "", "Europe/Paris; DROP"]) {
      const errors = await refusal({ timeZone: zone });
      expect(errors.timeZone, zone).toMatch(/is not a time zone: give an IANA name such as Europe\/Paris/);
    }
    expect(await db().auditLog.count()).toBe(0);
    await updateSettings({ actor: admin, input: { timeZone: "Etc/UTC" } });
    await updateSettings({ actor: admin, input: { timeZone: "america/new_york" } });
    expect((await getPageSettings()).timeZone).toBe("America/New_York");
    // A current name the runtime knows under an older canonical one stays as written.
    await updateSettings({ actor: admin, input: { timeZone: "Asia/Kolkata" } });
    expect((await getPageSettings()).timeZone).toBe("Asia/Kolkata");
    await updateSettings({ actor: admin, input: { timeZone: "UTC" } });
    expect((await getPageSettings()).timeZone).toBe("UTC");
  });

  it("refuses addresses that are not absolute http(s) URLs, X handles out of shape, and notices SMS or X cannot carry", async () => {
    await page();
    const errors = await refusal({
      url: "status.acme.test",
      logoUrl: "javascript:alert(1)",
      supportUrl: "ftp://acme.test/help",
      xHandle: "@this_handle_is_too_long",
      smsEvents: ["incident_created", "component_status_changed"],
      xEvents: ["subscription_confirmation"],
      name: "   ",
      emailSenderName: "Acme <ops@acme.test>",
    });
    expect(errors.url).toMatch(/starting with https:\/\/ or http:\/\//);
    expect(errors.logoUrl).toMatch(/logo.*https:\/\//);
    expect(errors.supportUrl).toMatch(/support link/);
    expect(errors.xHandle).toMatch(/1 to 15 letters, digits or _/);
    expect(errors.smsEvents).toMatch(/SMS cannot carry "component_status_changed"/);
    expect(errors.xEvents).toMatch(/X cannot carry "subscription_confirmation"/);
    expect(errors.name).toMatch(/Give the page a name/);
    expect(errors.emailSenderName).toMatch(/cannot contain/);
    expect((await refusal({ xHandle: "acme-status" })).xHandle).toBeDefined();
    expect(await getPageSettings()).toMatchObject({ url: "https://status.acme.test", logoUrl: null, xHandle: null });
    expect(await db().auditLog.count()).toBe(0);
  });

  it("refuses an editor, whatever the input, and writes nothing", async () => {
    await page();
    await expect(updateSettings({ actor: editor, input: { name: "Hijacked" } })).rejects.toBeInstanceOf(PermissionError);
    await expect(updateSettings({ actor: { type: "public" }, input: { name: "Hijacked" } })).rejects.toBeInstanceOf(PermissionError);
    expect((await getPageSettings()).name).toBe("Acme");
    expect(await db().auditLog.count()).toBe(0);
  });

  it("reaches the public snapshot through the page_settings change notification", async () => {
    await page();
    startPublicCache();
    await refreshPublicSnapshot();
    expect(currentPublicSnapshot()!.page.name).toBe("Acme");
    await updateSettings({ actor: admin, input: { name: "Acme Cloud", brandColor: "#1d4ed8", timeZone: "Europe/Berlin", xHandle: "@acme" } });
    const end = Date.now() + 10_000;
    while (currentPublicSnapshot()!.page.name !== "Acme Cloud" && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    expect(currentPublicSnapshot()!.page).toMatchObject({ name: "Acme Cloud", brandColor: "#1d4ed8", timeZone: "Europe/Berlin", xHandle: "@acme" });
  });
});
