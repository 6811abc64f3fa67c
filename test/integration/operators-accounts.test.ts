// Operators and their accounts against real PostgreSQL: inviting by link, accepting, resending,
// disabling and enabling, changing one's password, logging out everywhere, and "forgot password".
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { type Actor, PermissionError } from "@/lib/auth/actor";
import { verifyPassword } from "@/lib/auth/password";
import { actorFromSession, login } from "@/lib/auth/session";
import { db } from "@/lib/db/prisma";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { acceptInvitation } from "@/lib/operators/accept-invitation";
import { changePassword } from "@/lib/operators/change-password";
import { createOperator } from "@/lib/operators/create";
import { disableOperator } from "@/lib/operators/disable";
import { enableOperator } from "@/lib/operators/enable";
import { inviteOperator } from "@/lib/operators/invite";
import { logoutEverywhere } from "@/lib/operators/logout-everywhere";
import { requestPasswordReset, RESET_REQUESTED } from "@/lib/operators/request-reset";
import { resendInvitation } from "@/lib/operators/resend-invitation";
import { resetOperatorPassword, resetPassword } from "@/lib/operators/reset-password";
import type { OperatorMailPayload } from "@/lib/queue/tasks";
import { countRows, queuedJobs, setupTestDatabase } from "../helpers/db";

setupTestDatabase();

const PUBLIC: Extract<Actor, { type: "public" }> = { type: "public", ip: "203.0.113.9" };
const OWNER_PASSWORD = "owner password one";

type OperatorActor = Extract<Actor, { type: "operator" }>;

async function makeOperator(email: string, role: "owner" | "admin" | "editor", password = OWNER_PASSWORD): Promise<OperatorActor> {
  const { operator } = await createOperator({ actor: { type: "cli" }, input: { email, role, password } });
  return { type: "operator", operatorId: operator.id, role, email, ip: "198.51.100.1" };
}

/** The links queued for mailing, oldest first (their tokens ride in the job payload). */
async function mailJobs(): Promise<OperatorMailPayload[]> {
  return (await queuedJobs()).filter((j) => j.task_identifier === "operator_mail").map((j) => j.payload as OperatorMailPayload);
}

async function lastToken(): Promise<string> {
  const jobs = await mailJobs();
  const token = jobs.at(-1)?.token;
  if (!token) throw new Error("no operator_mail job queued");
  return token;
}

async function audit(action: string) {
  return db().auditLog.findMany({ where: { action }, orderBy: { id: "asc" } });
}

async function loggedIn(email: string, password: string) {
  const r = await login({ email, password });
  if (!r.ok) throw new Error(`${email} could not log in`);
  return r.token;
}

describe("inviting an operator", () => {
  it("creates the invited account, queues the mail with its link, and the link logs them in once", async () => {
    const owner = await makeOperator("owner@example.com", "owner");
    const { operator, expiresAt } = await inviteOperator({ actor: owner, input: { email: " New.Editor@Example.com ", role: "editor" } });
    expect(operator).toMatchObject({ email: "new.editor@example.com", role: "editor", passwordHash: null, name: null });
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan(7 * 86_400_000 - 60_000);
    const jobs = await mailJobs();
    expect(jobs).toEqual([{ kind: "invitation", token: expect.any(String), invitedBy: "owner@example.com" }]);
    const token = jobs[0]!.token;
    // Only the hash is stored.
    const stored = await db().operatorToken.findFirstOrThrow({ where: { operatorId: operator.id } });
    expect(stored).toMatchObject({ kind: "invitation", usedAt: null });
    expect(stored.tokenHash).not.toContain(token);
    const [row] = await audit("operator.invite");
    expect(row).toMatchObject({ actorType: "operator", actorId: owner.operatorId, targetId: operator.id });
    expect(row!.data).toMatchObject({ before: null, after: { email: "new.editor@example.com", role: "editor", state: "invited" } });

    // Not yet a way in: no password.
    expect((await login({ email: "new.editor@example.com", password: "" })).ok).toBe(false);

    const { session } = await acceptInvitation({ actor: PUBLIC, input: { token, name: "Nia Editor", password: "correct horse battery" } });
    const after = await db().operator.findUniqueOrThrow({ where: { id: operator.id } });
    expect(after.name).toBe("Nia Editor");
    expect(after.passwordChangedAt).toBeInstanceOf(Date);
    expect(await verifyPassword(after.passwordHash!, "correct horse battery")).toBe(true);
    expect(await actorFromSession(session.token)).toMatchObject({ operatorId: operator.id, role: "editor" });
    expect((await db().operatorToken.findFirstOrThrow({ where: { operatorId: operator.id } })).usedAt).toBeInstanceOf(Date);
    const [accepted] = await audit("operator.accept_invitation");
    expect(accepted).toMatchObject({ actorType: "operator", actorId: operator.id, ip: "203.0.113.9" });
    expect(accepted!.data).toMatchObject({ before: { state: "invited" }, after: { state: "active", name: "Nia Editor" } });

    // The link is dead now.
    await expect(acceptInvitation({ actor: PUBLIC, input: { token, name: "Someone", password: "another long password" } })).rejects.toThrow(NotFoundError);
    expect((await loggedIn("new.editor@example.com", "correct horse battery")).length).toBeGreaterThan(20);

    // Nothing secret in the audit log.
    const all = JSON.stringify((await db().auditLog.findMany()).map((r) => r.data));
    expect(all).not.toContain(token);
    expect(all).not.toContain("correct horse battery");
    expect(all).not.toContain("$argon2");
  });

  it("refuses an expired link, a short password and a missing name, and changes nothing", async () => {
    const owner = await makeOperator("owner@example.com", "owner");
    const { operator } = await inviteOperator({ actor: owner, input: { email: "late@example.com", role: "admin" } });
    const token = await lastToken();

    await expect(acceptInvitation({ actor: PUBLIC, input: { token, name: "Late", password: "short" } })).rejects.toThrow(/at least 12 characters/);
    await expect(acceptInvitation({ actor: PUBLIC, input: { token, name: "  ", password: "long enough password" } })).rejects.toThrow(/Enter your name/);

    await db().operatorToken.updateMany({ where: { operatorId: operator.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(acceptInvitation({ actor: PUBLIC, input: { token, name: "Late", password: "long enough password" } })).rejects.toThrow(/no longer valid/);
    expect(await db().operator.findUniqueOrThrow({ where: { id: operator.id } })).toMatchObject({ passwordHash: null, name: null });
    expect(await db().session.count()).toBe(0);
    expect(await audit("operator.accept_invitation")).toEqual([]);

    // A made-up token is refused the same way.
    await expect(acceptInvitation({ actor: PUBLIC, input: { token: "x".repeat(43), name: "Late", password: "long enough password" } })).rejects.toThrow(NotFoundError);
  });

  it("refuses a bad address, the owner role, an address already there, and anyone but the owner; nothing is written", async () => {
    const owner = await makeOperator("owner@example.com", "owner");
    const admin = await makeOperator("admin@example.com", "admin");
    const before = await countRows(["operator", "operator_token", "audit_log"]);

    await expect(inviteOperator({ actor: owner, input: { email: "not an address", role: "editor" } })).rejects.toThrow(ZodError);
    await expect(inviteOperator({ actor: owner, input: { email: "x@example.com", role: "owner" as "admin" } })).rejects.toThrow(/Choose admin or editor/);
    await expect(inviteOperator({ actor: owner, input: { email: "ADMIN@example.com", role: "editor" } })).rejects.toThrow(ConflictError);
    await expect(inviteOperator({ actor: admin, input: { email: "x@example.com", role: "editor" } })).rejects.toThrow(PermissionError);

    expect(await countRows(["operator", "operator_token", "audit_log"])).toEqual(before);
    expect(await mailJobs()).toEqual([]);
  });

  it("resending makes a new link and kills the old one", async () => {
    const owner = await makeOperator("owner@example.com", "owner");
    const { operator } = await inviteOperator({ actor: owner, input: { email: "slow@example.com", role: "editor" } });
    const first = await lastToken();
    await resendInvitation({ actor: owner, input: { operatorId: operator.id } });
    const second = await lastToken();
    expect(second).not.toBe(first);
    expect(await mailJobs()).toHaveLength(2);
    expect(await db().operatorToken.count({ where: { operatorId: operator.id, usedAt: null } })).toBe(1);
    const [row] = await audit("operator.resend_invitation");
    expect(row!.data).toMatchObject({ before: { invitationExpiresAt: expect.any(String) }, after: { invitationExpiresAt: expect.any(String) } });

    await expect(acceptInvitation({ actor: PUBLIC, input: { token: first, name: "Slow", password: "a long password here" } })).rejects.toThrow(/no longer valid/);
    await acceptInvitation({ actor: PUBLIC, input: { token: second, name: "Slow", password: "a long password here" } });

    // Accepted: nothing left to resend.
    await expect(resendInvitation({ actor: owner, input: { operatorId: operator.id } })).rejects.toThrow(/already accepted/);
    const editor: OperatorActor = { type: "operator", operatorId: operator.id, role: "editor", email: "slow@example.com" };
    await expect(resendInvitation({ actor: editor, input: { operatorId: operator.id } })).rejects.toThrow(PermissionError);
  });
});

describe("disabling an operator", () => {
  it("ends their sessions, refuses their log-in, kills their links, and enabling lets them back", async () => {
    const owner = await makeOperator("owner@example.com", "owner");
    const editor = await makeOperator("editor@example.com", "editor", "editor password 1");
    const a = await loggedIn("editor@example.com", "editor password 1");
    const b = await loggedIn("editor@example.com", "editor password 1");
    const ownerSession = await loggedIn("owner@example.com", OWNER_PASSWORD);
    await requestPasswordReset({ actor: PUBLIC, input: { email: "editor@example.com" } });

    const r = await disableOperator({ actor: owner, input: { operatorId: editor.operatorId } });
    expect(r).toMatchObject({ changed: true, sessionsEnded: 2 });
    expect(await actorFromSession(a)).toBeNull();
    expect(await actorFromSession(b)).toBeNull();
    expect(await actorFromSession(ownerSession)).not.toBeNull();
    expect((await login({ email: "editor@example.com", password: "editor password 1" })).ok).toBe(false);
    expect(await db().operatorToken.count({ where: { operatorId: editor.operatorId, usedAt: null } })).toBe(0);
    const [row] = await audit("operator.disable");
    expect(row).toMatchObject({ actorId: owner.operatorId, targetId: editor.operatorId });
    expect(row!.data).toMatchObject({ before: { state: "active", disabledAt: null }, after: { state: "disabled", sessionsEnded: 2 } });

    // Disabling again changes nothing.
    expect(await disableOperator({ actor: owner, input: { operatorId: editor.operatorId } })).toMatchObject({ changed: false });
    expect(await audit("operator.disable")).toHaveLength(1);

    await enableOperator({ actor: owner, input: { email: "editor@example.com" } });
    expect((await login({ email: "editor@example.com", password: "editor password 1" })).ok).toBe(true);
    const [enabled] = await audit("operator.enable");
    expect(enabled!.data).toMatchObject({ before: { state: "disabled" }, after: { state: "active", disabledAt: null } });
  });

  it("refuses disabling yourself or the last owner, and anyone but the owner", async () => {
    const owner = await makeOperator("owner@example.com", "owner");
    const admin = await makeOperator("admin@example.com", "admin");
    await expect(disableOperator({ actor: owner, input: { operatorId: owner.operatorId } })).rejects.toThrow(/your own account/);
    await expect(disableOperator({ actor: { type: "cli" }, input: { email: "owner@example.com" } })).rejects.toThrow(/last owner/);
    await expect(disableOperator({ actor: admin, input: { email: "owner@example.com" } })).rejects.toThrow(PermissionError);
    await expect(disableOperator({ actor: owner, input: { email: "nobody@example.com" } })).rejects.toThrow(NotFoundError);
    await expect(disableOperator({ actor: owner, input: {} })).rejects.toThrow(ZodError);
    expect(await db().operator.count({ where: { disabledAt: { not: null } } })).toBe(0);
    expect(await audit("operator.disable")).toEqual([]);

    // With a second owner, one of the two may go.
    await makeOperator("owner2@example.com", "owner");
    await disableOperator({ actor: { type: "cli" }, input: { email: "owner@example.com" } });
    await expect(disableOperator({ actor: { type: "cli" }, input: { email: "owner2@example.com" } })).rejects.toThrow(/last owner/);
  });
});

describe("one's own account", () => {
  it("changes the password with the current one, ending the other sessions but this one", async () => {
    const me = await makeOperator("me@example.com", "editor", "my first password");
    const here = await loggedIn("me@example.com", "my first password");
    const there = await loggedIn("me@example.com", "my first password");

    const r = await changePassword({ actor: me, input: { currentPassword: "my first password", newPassword: "my second password", keepSession: here } });
    expect(r).toEqual({ sessionsEnded: 1 });
    expect(await actorFromSession(here)).not.toBeNull();
    expect(await actorFromSession(there)).toBeNull();
    expect((await login({ email: "me@example.com", password: "my first password" })).ok).toBe(false);
    expect((await login({ email: "me@example.com", password: "my second password" })).ok).toBe(true);
    const [row] = await audit("operator.change_password");
    expect(row).toMatchObject({ actorId: me.operatorId, targetId: me.operatorId });
    expect(row!.data).toMatchObject({ before: { passwordChangedAt: null }, after: { passwordChangedAt: expect.any(String), sessionsEnded: 1 } });
    expect(JSON.stringify(row!.data)).not.toContain("password ");
  });

  it("refuses a wrong current password and a short new one, and changes nothing", async () => {
    const me = await makeOperator("me@example.com", "editor", "my first password");
    const other = await loggedIn("me@example.com", "my first password");
    const wrong = await changePassword({ actor: me, input: { currentPassword: "not my password", newPassword: "my second password" } }).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(ZodError);
    expect((wrong as ZodError).issues[0]).toMatchObject({ path: ["currentPassword"], message: "That is not your current password" });
    await expect(changePassword({ actor: me, input: { currentPassword: "my first password", newPassword: "too short" } })).rejects.toThrow(/at least 12/);
    await expect(changePassword({ actor: me, input: { currentPassword: "my first password", newPassword: "my first password" } })).rejects.toThrow(/different/);
    expect((await login({ email: "me@example.com", password: "my first password" })).ok).toBe(true);
    expect(await actorFromSession(other)).not.toBeNull();
    expect(await audit("operator.change_password")).toEqual([]);
  });

  it("logs out everywhere", async () => {
    const me = await makeOperator("me@example.com", "admin", "my first password");
    const someoneElse = await makeOperator("else@example.com", "editor", "their password!");
    const a = await loggedIn("me@example.com", "my first password");
    const b = await loggedIn("me@example.com", "my first password");
    const theirs = await loggedIn("else@example.com", "their password!");
    expect(await logoutEverywhere({ actor: me })).toEqual({ sessionsEnded: 2 });
    expect(await actorFromSession(a)).toBeNull();
    expect(await actorFromSession(b)).toBeNull();
    expect(await actorFromSession(theirs)).toMatchObject({ operatorId: someoneElse.operatorId });
    const [row] = await audit("operator.logout_everywhere");
    expect(row!.data).toEqual({ before: { sessions: 2 }, after: { sessions: 0 } });
  });
});

describe("forgot password", () => {
  it("answers the same for an unknown address, mails a known one once per five minutes, and the link works once", async () => {
    await makeOperator("owner@example.com", "owner");
    const stale = await loggedIn("owner@example.com", OWNER_PASSWORD);

    expect(await requestPasswordReset({ actor: PUBLIC, input: { email: "nobody@example.com" } })).toEqual({ message: RESET_REQUESTED });
    expect(await mailJobs()).toEqual([]);
    expect(await db().operatorToken.count()).toBe(0);

    expect(await requestPasswordReset({ actor: PUBLIC, input: { email: "Owner@Example.com" } })).toEqual({ message: RESET_REQUESTED });
    expect(await requestPasswordReset({ actor: PUBLIC, input: { email: "owner@example.com" } })).toEqual({ message: RESET_REQUESTED });
    const jobs = await mailJobs();
    expect(jobs).toEqual([{ kind: "password_reset", token: expect.any(String) }]);
    const link = await db().operatorToken.findFirstOrThrow();
    expect(link.expiresAt.getTime() - link.createdAt.getTime()).toBe(60 * 60_000);
    const [requested] = await audit("operator.request_password_reset");
    expect(requested).toMatchObject({ actorType: "public", ip: "203.0.113.9" });

    await expect(resetPassword({ actor: PUBLIC, input: { token: jobs[0]!.token, password: "short" } })).rejects.toThrow(/at least 12/);
    const r = await resetPassword({ actor: PUBLIC, input: { token: jobs[0]!.token, password: "a brand new password" } });
    expect(r).toEqual({ email: "owner@example.com", sessionsEnded: 1 });
    expect(await actorFromSession(stale)).toBeNull();
    expect((await login({ email: "owner@example.com", password: "a brand new password" })).ok).toBe(true);
    const [reset] = await audit("operator.reset_password");
    expect(reset!.data).toMatchObject({ after: { passwordChangedAt: expect.any(String), sessionsEnded: 1 } });
    await expect(resetPassword({ actor: PUBLIC, input: { token: jobs[0]!.token, password: "yet another password" } })).rejects.toThrow(/no longer valid/);

    // Five minutes later, a new link can be asked for; it replaces any still open.
    await db().operatorToken.updateMany({ data: { createdAt: new Date(Date.now() - 6 * 60_000) } });
    await requestPasswordReset({ actor: PUBLIC, input: { email: "owner@example.com" } });
    expect(await mailJobs()).toHaveLength(2);
  });

  it("refuses a malformed address, and mails nothing to a disabled or invited operator", async () => {
    const owner = await makeOperator("owner@example.com", "owner");
    const editor = await makeOperator("editor@example.com", "editor");
    await inviteOperator({ actor: owner, input: { email: "invited@example.com", role: "editor" } });
    await disableOperator({ actor: owner, input: { operatorId: editor.operatorId } });
    const jobsBefore = (await mailJobs()).length;

    await expect(requestPasswordReset({ actor: PUBLIC, input: { email: "not-an-address" } })).rejects.toThrow(/valid email/);
    for (const email of ["editor@example.com", "invited@example.com"]) {
      expect(await requestPasswordReset({ actor: PUBLIC, input: { email } })).toEqual({ message: RESET_REQUESTED });
    }
    expect(await mailJobs()).toHaveLength(jobsBefore);
    expect(await db().operatorToken.count({ where: { kind: "password_reset" } })).toBe(0);
  });

  it("the owner (or the command line) can hand out a one-time password instead", async () => {
    const owner = await makeOperator("owner@example.com", "owner");
    const editor = await makeOperator("editor@example.com", "editor", "forgotten password");
    const s = await loggedIn("editor@example.com", "forgotten password");
    const r = await resetOperatorPassword({ actor: owner, input: { email: "editor@example.com" } });
    expect(r.sessionsEnded).toBe(1);
    expect(r.password).toMatch(/^[a-z0-9]{5}(-[a-z0-9]{5}){3}$/);
    expect(await actorFromSession(s)).toBeNull();
    expect((await login({ email: "editor@example.com", password: r.password })).ok).toBe(true);
    const [row] = await audit("operator.reset_password");
    expect(JSON.stringify(row!.data)).not.toContain(r.password);
    await expect(resetOperatorPassword({ actor: { ...editor, role: "editor" }, input: { email: "owner@example.com" } })).rejects.toThrow(PermissionError);
  });
});
