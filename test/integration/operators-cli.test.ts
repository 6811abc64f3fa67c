// The operator commands of the admin CLI as a person runs them: a child process on the test database.
import { describe, expect, it } from "vitest";
import { verifyPassword } from "@/lib/auth/password";
import { actorFromSession, login } from "@/lib/auth/session";
import { db } from "@/lib/db/prisma";
import { createOperator } from "@/lib/operators/create";
import { setupTestDatabase } from "../helpers/db";
import { heraldCli } from "../helpers/cli";

const databaseUrl = setupTestDatabase();

const herald = heraldCli(databaseUrl);

async function signedIn(email: string, password: string): Promise<string> {
  const r = await login({ email, password });
  if (!r.ok) throw new Error("log-in refused");
  return r.token;
}

describe("herald operator commands", () => {
  it("operator disable ends the operator's sessions and refuses their log-in; the last owner stays", async () => {
    await createOperator({ actor: { type: "cli" }, input: { email: "owner@example.com", role: "owner", password: "owner password" } });
    const { operator } = await createOperator({ actor: { type: "cli" }, input: { email: "ed@example.com", role: "editor", password: "editor password" } });
    const session = await signedIn("ed@example.com", "editor password");

    const r = await herald("operator", "disable", "ED@example.com");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("Disabled ed@example.com: 1 session ended\n");
    expect(await actorFromSession(session)).toBeNull();
    expect((await login({ email: "ed@example.com", password: "editor password" })).ok).toBe(false);
    expect(await db().auditLog.findMany({ where: { action: "operator.disable" } })).toEqual([
      expect.objectContaining({ actorType: "cli", targetId: operator.id }),
    ]);

    const again = await herald("operator", "disable", "ed@example.com");
    expect(again).toMatchObject({ code: 0, stdout: "ed@example.com is already disabled: nothing changed\n" });

    const last = await herald("operator", "disable", "owner@example.com");
    expect(last.code).toBe(1);
    expect(last.stderr).toMatch(/owner@example.com is the last owner/);

    const unknown = await herald("operator", "disable", "nobody@example.com");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/No operator has the email nobody@example.com/);

    const none = await herald("operator", "disable");
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/Give one operator email address/);
  });

  it("operator reset-password prints a new one-time password once and ends the sessions", async () => {
    const { operator } = await createOperator({ actor: { type: "cli" }, input: { email: "owner@example.com", role: "owner", password: "forgotten password" } });
    const session = await signedIn("owner@example.com", "forgotten password");

    const r = await herald("operator", "reset-password", "owner@example.com");
    expect(r.code, r.stderr).toBe(0);
    const m = r.stdout.match(/^New password for owner@example\.com: ([a-z0-9-]+)\n$/);
    expect(m, r.stdout).not.toBeNull();
    expect(r.stderr).toMatch(/shown only this once/);
    const after = await db().operator.findUniqueOrThrow({ where: { id: operator.id } });
    expect(await verifyPassword(after.passwordHash!, m![1]!)).toBe(true);
    expect(await actorFromSession(session)).toBeNull();
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "operator.reset_password" } });
    expect(audit).toMatchObject({ actorType: "cli", targetId: operator.id });
    expect(JSON.stringify(audit.data)).not.toContain(m![1]!);

    const bad = await herald("operator", "reset-password", "not-an-address");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/valid email/);
  });

  it("lists the operator commands, with operator create still there", async () => {
    const top = await herald("operator");
    expect(top.code).toBe(2);
    for (const c of ["operator create", "operator disable EMAIL", "operator reset-password EMAIL"]) expect(top.stdout).toContain(c);
    const created = await herald("operator", "create", "--email", "first@example.com", "--role", "owner");
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/^Created owner first@example\.com\nPassword: /);
  });
});
