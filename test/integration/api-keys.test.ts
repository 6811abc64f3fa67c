// API keys: created with a role, shown once and stored only as a hash; authenticated from an
// Authorization header into an api_key actor capped by its role; revoked; and the CLI commands.
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { type Actor, can, PermissionError } from "@/lib/auth/actor";
import { listApiKeys } from "@/lib/admin/api-keys";
import { authenticateApiKey, authenticateAuthorization, keyFromAuthorization, LAST_USED_RESOLUTION_MS } from "@/lib/api-keys/authenticate";
import { API_KEY_PATTERN, createApiKey } from "@/lib/api-keys/create";
import { revokeApiKey } from "@/lib/api-keys/revoke";
import { db } from "@/lib/db/prisma";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { sha256 } from "@/lib/tokens";
import { countRows, setupTestDatabase } from "../helpers/db";
import { heraldCli } from "../helpers/cli";

const databaseUrl = setupTestDatabase();

type Role = "owner" | "admin" | "editor";

async function operator(role: Role, email = `${role}@example.com`, createdAt?: Date) {
  const o = await db().operator.create({ data: { email, role, ...(createdAt ? { createdAt } : {}) } });
  return { type: "operator", operatorId: o.id, role, email, ip: "198.51.100.7" } satisfies Actor;
}

const herald = heraldCli(databaseUrl);

/** Every text column of every api_key and audit_log row, to look for a key that must not be there. */
async function everythingStored(): Promise<string> {
  const keys = await db().$queryRaw<unknown[]>`SELECT * FROM api_key`;
  const audit = await db().$queryRaw<unknown[]>`SELECT * FROM audit_log`;
  return JSON.stringify([keys, audit], (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
}

describe("createApiKey", () => {
  it("returns an hrld_ key of 32 random bytes once, storing its SHA-256 and prefix only, with an audit row", async () => {
    const admin = await operator("admin");
    const { apiKey, key, operator: credited } = await createApiKey({ actor: admin, input: { name: " Deploy pipeline ", role: "editor" } });
    expect(key).toMatch(API_KEY_PATTERN);
    expect(key).toMatch(/^hrld_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(key.slice(5), "base64url")).toHaveLength(32);
    expect(credited).toMatchObject({ id: admin.operatorId, viaOwner: false });

    const row = await db().apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(row).toMatchObject({ name: "Deploy pipeline", role: "editor", operatorId: admin.operatorId, prefix: key.slice(0, 12), keyHash: sha256(key), lastUsedAt: null, revokedAt: null });
    const stored = await everythingStored();
    expect(stored).not.toContain(key);
    expect(stored).not.toContain(key.slice(12));

    const [audit] = await db().auditLog.findMany();
    expect(audit).toMatchObject({ actorType: "operator", actorId: admin.operatorId, action: "api_key.create", targetType: "api_key", targetId: apiKey.id, ip: "198.51.100.7" });
    expect(audit!.data).toEqual({ before: null, after: { name: "Deploy pipeline", role: "editor", prefix: row.prefix, operatorId: admin.operatorId } });

    const second = await createApiKey({ actor: admin, input: { name: "Other", role: "admin" } });
    expect(second.key).not.toBe(key);
    expect((await listApiKeys({ actor: admin })).map((k) => [k.name, k.prefix, k.role, k.operator.email])).toEqual([
      ["Other", second.apiKey.prefix, "admin", "admin@example.com"],
      ["Deploy pipeline", row.prefix, "editor", "admin@example.com"],
    ]);
  });

  it("credits a key made from the CLI to the oldest active owner, and refuses when there is none", async () => {
    await expect(createApiKey({ actor: { type: "cli" }, input: { name: "CI", role: "admin" } })).rejects.toThrow(/no owner yet: create one first/);
    await operator("owner", "disabled-owner@example.com", new Date("2020-01-01T00:00:00Z"));
    await db().operator.update({ where: { email: "disabled-owner@example.com" }, data: { disabledAt: new Date() } });
    const first = await operator("owner", "first@example.com", new Date("2021-01-01T00:00:00Z"));
    await operator("owner", "second@example.com", new Date("2022-01-01T00:00:00Z"));
    const { apiKey, operator: credited } = await createApiKey({ actor: { type: "cli" }, input: { name: "CI", role: "admin" } });
    expect(credited).toMatchObject({ id: first.operatorId, email: "first@example.com", viaOwner: true });
    expect(apiKey.operatorId).toBe(first.operatorId);
  });

  it("refuses an owner role, a blank name and an actor without apikey.write, writing nothing", async () => {
    const admin = await operator("admin");
    const owner = await createApiKey({ actor: admin, input: { name: "X", role: "owner" as "admin" } }).catch((e: unknown) => e);
    expect(owner).toBeInstanceOf(ZodError);
    expect((owner as ZodError).issues[0]!.message).toMatch(/admin or editor \(a key cannot act as an owner\)/);
    const blank = await createApiKey({ actor: admin, input: { name: "  ", role: "admin" } }).catch((e: unknown) => e);
    expect((blank as ZodError).issues[0]!.message).toBe("Name the key after what will use it");
    const editor = await operator("editor");
    await expect(createApiKey({ actor: editor, input: { name: "X", role: "editor" } })).rejects.toThrow(PermissionError);
    const editorKey: Actor = { type: "api_key", apiKeyId: "k", operatorId: admin.operatorId, role: "editor" };
    await expect(createApiKey({ actor: editorKey, input: { name: "X", role: "editor" } })).rejects.toThrow(PermissionError);
    expect(await countRows(["api_key", "audit_log"])).toEqual({ api_key: 0, audit_log: 0 });
    // The database refuses an owner key too, whoever writes it.
    await expect(db().apiKey.create({ data: { name: "X", prefix: "hrld_x", keyHash: "h", role: "owner", operatorId: admin.operatorId } })).rejects.toThrow(/api_key_role_not_owner/);
  });
});

describe("authenticateApiKey", () => {
  it("reads the key from OAuth or Bearer headers", () => {
    expect(keyFromAuthorization("OAuth hrld_abc")).toBe("hrld_abc");
    expect(keyFromAuthorization("bearer   hrld_abc ")).toBe("hrld_abc");
    expect(keyFromAuthorization("Basic dXNlcjpwYXNz")).toBeNull();
    expect(keyFromAuthorization("hrld_abc")).toBeNull();
    expect(keyFromAuthorization(undefined)).toBeNull();
  });

  it("turns a working key into an api_key actor with its role, noting its last use at most once a minute", async () => {
    const admin = await operator("admin");
    const { apiKey, key } = await createApiKey({ actor: admin, input: { name: "Deploy", role: "editor" } });
    const t0 = new Date("2026-12-07T10:00:00Z");
    const actor = await authenticateAuthorization(`OAuth ${key}`, { now: t0 });
    expect(actor).toEqual({ type: "api_key", apiKeyId: apiKey.id, operatorId: admin.operatorId, role: "editor" });
    expect(can(actor!, "incident.write")).toBe(true);
    expect(can(actor!, "apikey.write")).toBe(false);
    expect((await db().apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).lastUsedAt).toEqual(t0);

    await authenticateAuthorization(`Bearer ${key}`, { now: new Date(t0.getTime() + 30_000) });
    expect((await db().apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).lastUsedAt).toEqual(t0);
    const later = new Date(t0.getTime() + LAST_USED_RESOLUTION_MS + 1_000);
    await authenticateApiKey(key, { now: later });
    expect((await db().apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).lastUsedAt).toEqual(later);
  });

  it("refuses wrong, malformed and revoked keys, and keys of a disabled operator", async () => {
    const admin = await operator("admin");
    const { apiKey, key } = await createApiKey({ actor: admin, input: { name: "Deploy", role: "admin" } });
    const wrong = `hrld_${"A".repeat(43)}`;
    expect(await authenticateApiKey(wrong)).toBeNull();
    expect(await authenticateApiKey(key.slice(0, -1))).toBeNull();
    expect(await authenticateApiKey(`${key}\u0000`)).toBeNull();
    expect(await authenticateApiKey("")).toBeNull();
    expect(await authenticateAuthorization(null)).toBeNull();

    await db().operator.update({ where: { id: admin.operatorId }, data: { disabledAt: new Date() } });
    expect(await authenticateApiKey(key)).toBeNull();
    await db().operator.update({ where: { id: admin.operatorId }, data: { disabledAt: null } });
    expect(await authenticateApiKey(key)).not.toBeNull();

    await revokeApiKey({ actor: admin, input: { apiKey: apiKey.id } });
    expect(await authenticateApiKey(key)).toBeNull();
  });

  it("caps the key's role at its operator's current one", async () => {
    const admin = await operator("admin");
    const { key } = await createApiKey({ actor: admin, input: { name: "Deploy", role: "admin" } });
    expect((await authenticateApiKey(key))!.role).toBe("admin");
    await db().operator.update({ where: { id: admin.operatorId }, data: { role: "editor" } });
    const capped = await authenticateApiKey(key);
    expect(capped!.role).toBe("editor");
    expect(can(capped!, "metric.write")).toBe(false);
  });
});

describe("revokeApiKey", () => {
  it("revokes by id, prefix or whole key, with an audit row; a second revocation is refused", async () => {
    const admin = await operator("admin");
    const a = await createApiKey({ actor: admin, input: { name: "A", role: "editor" } });
    const b = await createApiKey({ actor: admin, input: { name: "B", role: "editor" } });
    const c = await createApiKey({ actor: admin, input: { name: "C", role: "editor" } });

    const r = await revokeApiKey({ actor: admin, input: { apiKey: a.apiKey.prefix } });
    expect(r.apiKey).toMatchObject({ id: a.apiKey.id, name: "A" });
    await revokeApiKey({ actor: admin, input: { apiKey: b.apiKey.id } });
    await revokeApiKey({ actor: { type: "cli" }, input: { apiKey: c.key } });
    const keys = await db().apiKey.findMany({ orderBy: { name: "asc" } });
    expect(keys.every((k) => k.revokedAt instanceof Date)).toBe(true);

    const audit = await db().auditLog.findMany({ where: { action: "api_key.revoke" }, orderBy: { id: "asc" } });
    expect(audit.map((x) => [x.actorType, x.targetId])).toEqual([
      ["operator", a.apiKey.id],
      ["operator", b.apiKey.id],
      ["cli", c.apiKey.id],
    ]);
    expect(audit[0]!.data).toEqual({ before: { revokedAt: null }, after: { revokedAt: keys[0]!.revokedAt!.toISOString() } });

    await expect(revokeApiKey({ actor: admin, input: { apiKey: a.apiKey.id } })).rejects.toThrow(ConflictError);
    await expect(revokeApiKey({ actor: admin, input: { apiKey: a.apiKey.id } })).rejects.toThrow(/already revoked/);
    expect(await db().auditLog.count({ where: { action: "api_key.revoke" } })).toBe(3);
  });

  it("refuses an unknown key, an ambiguous prefix and an actor without apikey.write, revoking nothing", async () => {
    const admin = await operator("admin");
    await createApiKey({ actor: admin, input: { name: "A", role: "editor" } });
    await createApiKey({ actor: admin, input: { name: "B", role: "editor" } });
    await expect(revokeApiKey({ actor: admin, input: { apiKey: "nosuchkeyid0" } })).rejects.toThrow(NotFoundError);
    await expect(revokeApiKey({ actor: admin, input: { apiKey: `hrld_${"B".repeat(43)}` } })).rejects.toThrow(NotFoundError);
    await expect(revokeApiKey({ actor: admin, input: { apiKey: "hrld_" } })).rejects.toThrow(/2 keys start with hrld_/);
    const editor = await operator("editor");
    const [k] = await db().apiKey.findMany();
    await expect(revokeApiKey({ actor: editor, input: { apiKey: k!.id } })).rejects.toThrow(PermissionError);
    await expect(revokeApiKey({ actor: admin, input: { apiKey: " " } })).rejects.toThrow(ZodError);
    expect(await db().apiKey.count({ where: { revokedAt: { not: null } } })).toBe(0);
    expect(await db().auditLog.count({ where: { action: "api_key.revoke" } })).toBe(0);
  });
});

describe("herald api-key CLI", () => {
  it("create prints the key alone on stdout, credited to the owner; revoke by prefix stops it", async () => {
    const none = await herald("api-key", "create", "--name", "CI", "--role", "admin");
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/there is no owner yet: create one first with `npm run herald -- operator create/);
    expect(none.stdout).toBe("");

    const owner = await operator("owner", "boss@example.com");
    const r = await herald("api-key", "create", "--name", "CI", "--role", "admin");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^hrld_[A-Za-z0-9_-]{43}\n$/);
    const key = r.stdout.trim();
    expect(r.stderr).toMatch(/credited to the owner boss@example\.com/);
    expect(r.stderr).toMatch(/shown only this once/);
    expect(r.stderr).not.toContain(key);
    const row = await db().apiKey.findUniqueOrThrow({ where: { keyHash: sha256(key) } });
    expect(row).toMatchObject({ name: "CI", role: "admin", operatorId: owner.operatorId });
    expect(await authenticateApiKey(key)).toMatchObject({ apiKeyId: row.id, role: "admin" });

    const revoked = await herald("api-key", "revoke", row.prefix);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stdout).toContain(`Revoked API key "CI" (${row.prefix}…)`);
    expect(await authenticateApiKey(key)).toBeNull();
    expect((await db().auditLog.findMany({ orderBy: { id: "asc" } })).map((a) => [a.actorType, a.action])).toEqual([
      ["cli", "api_key.create"],
      ["cli", "api_key.revoke"],
    ]);
  }, 120_000);

  it("refuses bad usage with exit 2 and an unknown key with exit 1", async () => {
    await operator("owner");
    const [owner, noRole, noArg, unknown] = await Promise.all([
      herald("api-key", "create", "--name", "CI", "--role", "owner"),
      herald("api-key", "create", "--name", "CI"),
      herald("api-key", "revoke"),
      herald("api-key", "revoke", "hrld_nothing"),
    ]);
    expect(owner.code).toBe(2);
    expect(owner.stderr).toMatch(/Valid roles: admin, editor/);
    expect(noRole.code).toBe(2);
    expect(noRole.stderr).toMatch(/--role is required/);
    expect(noArg.code).toBe(2);
    expect(noArg.stderr).toMatch(/Give one API key/);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/Unknown API key: hrld_nothing/);
    expect(await countRows(["api_key", "audit_log"])).toEqual({ api_key: 0, audit_log: 0 });
  }, 120_000);
});
