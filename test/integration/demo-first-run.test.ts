// The first run without `npm start` (scripts/web.ts alone on an empty database): the page's
// settings row with its defaults, and the owner made from HERALD_ADMIN_EMAIL / HERALD_ADMIN_PASSWORD
// by whichever process finds no operator (lib/operators/ensure-owner.ts), once however many start.
import { describe, expect, it } from "vitest";
import { verifyPassword } from "@/lib/auth/password";
import { login } from "@/lib/auth/session";
import { parseConfig } from "@/lib/config";
import { db } from "@/lib/db/prisma";
import { CREATE_OWNER_HINT, ensureOwner } from "@/lib/operators/ensure-owner";
import { ensurePageSettings } from "@/lib/seed/demo";
import { getPageSettings } from "@/lib/settings/get";
import { setupTestDatabase } from "../helpers/db";

setupTestDatabase();

const env = { HERALD_ADMIN_EMAIL: "Owner@Acme.test", HERALD_ADMIN_PASSWORD: "correct-horse-battery" };

describe("ensureOwner", () => {
  it("makes the owner from HERALD_ADMIN_EMAIL and HERALD_ADMIN_PASSWORD, who can log in", async () => {
    const lines: string[] = [];
    const r = await ensureOwner({ config: parseConfig(env), log: (m) => lines.push(m) });
    expect(r).toEqual({ created: true, email: "owner@acme.test", password: null });
    const owner = await db().operator.findUniqueOrThrow({ where: { email: "owner@acme.test" } });
    expect(owner).toMatchObject({ role: "owner", disabledAt: null });
    expect(await verifyPassword(owner.passwordHash!, "correct-horse-battery")).toBe(true);
    expect((await login({ email: "owner@acme.test", password: "correct-horse-battery" })).ok).toBe(true);
    expect(lines).toEqual(["created the owner account owner@acme.test (password: HERALD_ADMIN_PASSWORD)"]);
    const [audit] = await db().auditLog.findMany();
    expect(audit).toMatchObject({ actorType: "system", action: "operator.create", targetType: "operator", targetId: owner.id });
    expect(audit!.data).toEqual({ before: null, after: { email: "owner@acme.test", role: "owner", source: "first start" } });
  });

  it("makes one owner when several processes start at once", async () => {
    const config = parseConfig(env);
    const results = await Promise.all(Array.from({ length: 5 }, () => ensureOwner({ config })));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(results.filter((r) => !r.created)).toEqual(Array(4).fill({ created: false, reason: "exists" }));
    expect(await db().operator.count()).toBe(1);
    expect(await db().auditLog.count()).toBe(1);
  });

  it("does nothing once any operator exists", async () => {
    await ensureOwner({ config: parseConfig(env) });
    const other = parseConfig({ HERALD_ADMIN_EMAIL: "someone@else.test", HERALD_ADMIN_PASSWORD: "another-password-1" });
    expect(await ensureOwner({ config: other })).toEqual({ created: false, reason: "exists" });
    expect((await db().operator.findMany()).map((o) => o.email)).toEqual(["owner@acme.test"]);
  });

  it("with neither variable set, makes no owner and says once how to make one", async () => {
    const lines: string[] = [];
    expect(await ensureOwner({ config: parseConfig({}), log: (m) => lines.push(m) })).toEqual({ created: false, reason: "no-credentials" });
    expect(await db().operator.count()).toBe(0);
    expect(lines).toEqual([CREATE_OWNER_HINT]);
    expect(lines[0]).toContain("npm run herald -- operator create --email you@example.com --role owner");
  });

  it("with only the email set, generates the password and returns it to show once", async () => {
    const r = await ensureOwner({ config: parseConfig({ HERALD_ADMIN_EMAIL: "ops@acme.test" }) });
    expect(r).toMatchObject({ created: true, email: "ops@acme.test" });
    const password = (r as { password: string }).password;
    expect(password).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    expect(await verifyPassword((await db().operator.findUniqueOrThrow({ where: { email: "ops@acme.test" } })).passwordHash!, password)).toBe(true);
  });

  it("npm start's way: neither set, admin@herald.localhost with a generated password", async () => {
    const r = await ensureOwner({ config: parseConfig({}), generateWhenUnset: true });
    expect(r).toMatchObject({ created: true, email: "admin@herald.localhost" });
    expect((r as { password: string | null }).password).toBeTruthy();
    expect(await db().operator.findUniqueOrThrow({ where: { email: "admin@herald.localhost" } })).toMatchObject({ role: "owner" });
  });
});

describe("ensurePageSettings", () => {
  it("writes the settings row with the defaults once, and leaves an existing one alone", async () => {
    const config = parseConfig({ HERALD_PUBLIC_URL: "https://status.acme.test/" });
    expect(await ensurePageSettings(config)).toBe(true);
    expect(await getPageSettings()).toMatchObject({ name: "Status", url: "https://status.acme.test", timeZone: "Etc/UTC", brandColor: "#2563eb", demo: false });
    await db().pageSettings.update({ where: { id: 1 }, data: { name: "Acme" } });
    expect(await ensurePageSettings(config)).toBe(false);
    expect((await getPageSettings()).name).toBe("Acme");
  });
});
