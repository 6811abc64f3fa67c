// The dashboard's subscriber use cases against the real database: add, remove, reactivate,
// rotate a webhook's secret, the filtered and paged list, and the CSV export (which must import
// again through importSubscribers).
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { PermissionError, type Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/prisma";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { loadSubscriberCounts, readSubscriberFilter, subscriberFilterQuery } from "@/lib/admin/subscribers";
import { addSubscriber } from "@/lib/subscribers/add";
import { csvField, csvRecord, EXPORT_COLUMNS, exportSubscribers } from "@/lib/subscribers/export";
import { importSubscribers, parseCsv, webhookSecretProblem } from "@/lib/subscribers/import";
import { listSubscribers } from "@/lib/subscribers/list";
import { reactivateSubscriber } from "@/lib/subscribers/reactivate";
import { removeSubscriber } from "@/lib/subscribers/remove";
import { rotateWebhookSecret, secretFingerprint } from "@/lib/subscribers/rotate-secret";
import { randomToken } from "@/lib/tokens";
import { countRows, makeComponent, queuedJobs, setupTestDatabase } from "../helpers/db";

setupTestDatabase();

const admin: Actor = { type: "operator", operatorId: "op-admin", role: "admin", email: "admin@example.com", ip: "203.0.113.9" };
const editor: Actor = { type: "operator", operatorId: "op-editor", role: "editor", email: "editor@example.com" };
const TABLES = ["subscriber", "subscriber_component", "notification", "audit_log"] as const;

async function audit() {
  return db().auditLog.findMany({ orderBy: { id: "asc" } });
}

/** A subscriber put straight into the database, in any state. */
async function seed(
  channel: "email" | "sms" | "webhook",
  address: string,
  state: "unconfirmed" | "active" | "quarantined" | "unsubscribed" = "active",
  extra: { createdAt?: Date; componentIds?: string[]; consecutiveFailures?: number; webhookSecret?: string } = {},
) {
  const confirmed = state !== "unconfirmed";
  return db().subscriber.create({
    data: {
      channel,
      address,
      state,
      confirmedAt: confirmed ? new Date("2026-12-01T10:00:00Z") : null,
      confirmToken: confirmed ? null : randomToken(),
      manageToken: randomToken(),
      unsubscribedAt: state === "unsubscribed" ? new Date() : null,
      quarantinedAt: state === "quarantined" ? new Date("2026-12-05T08:00:00Z") : null,
      consecutiveFailures: extra.consecutiveFailures ?? (state === "quarantined" ? 12 : 0),
      webhookSecret: channel === "webhook" ? (extra.webhookSecret ?? "whsec_" + Buffer.alloc(24, 7).toString("base64")) : null,
      createdAt: extra.createdAt,
      components: { create: (extra.componentIds ?? []).map((componentId) => ({ componentId })) },
    },
  });
}

async function exportText(actor: Actor, input: Parameters<typeof exportSubscribers>[0]["input"] = {}) {
  let text = "";
  let rows = 0;
  for await (const piece of exportSubscribers({ actor, input })) {
    text += piece.text;
    rows += piece.rows;
  }
  return { text, rows };
}

describe("addSubscriber", () => {
  it("adds an unconfirmed subscriber, normalised, and queues its confirmation like the public form", async () => {
    const api = await makeComponent("API", 0);
    const web = await makeComponent("Website", 1);
    const r = await addSubscriber({ actor: admin, input: { channel: "email", address: "  Alice@Example.COM ", componentIds: [web.id, api.id, api.id] } });
    expect(r.subscriber).toMatchObject({ channel: "email", address: "alice@example.com", state: "unconfirmed" });
    expect(r.webhookSecret).toBeNull();

    const s = await db().subscriber.findUniqueOrThrow({ where: { id: r.subscriber.id }, include: { components: true } });
    expect(s).toMatchObject({ state: "unconfirmed", confirmedAt: null, source: "admin", webhookSecret: null });
    expect(s.confirmToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(s.components.map((c) => c.componentId).sort()).toEqual([api.id, web.id].sort());

    const notifications = await db().notification.findMany();
    expect(notifications).toEqual([
      expect.objectContaining({ kind: "subscription_confirmation", targetSubscriberId: s.id, payload: { purpose: "confirm" }, fanoutState: "pending" }),
    ]);
    expect((await queuedJobs()).map((j) => j.key)).toEqual([`fanout:${notifications[0]!.id}`]);

    expect(await audit()).toEqual([
      expect.objectContaining({
        actorType: "operator",
        actorId: "op-admin",
        action: "subscriber.add",
        targetType: "subscriber",
        targetId: s.id,
        ip: "203.0.113.9",
        data: {
          before: null,
          after: {
            channel: "email",
            address: "alice@example.com",
            state: "unconfirmed",
            confirmedAt: null,
            components: ["API", "Website"],
            source: "admin",
            hasSigningSecret: false,
          },
        },
      }),
    ]);
  });

  it("with 'confirmed already' makes the subscriber active at once and sends nothing", async () => {
    const r = await addSubscriber({ actor: admin, input: { channel: "sms", address: "+1 415 555 0100", confirmed: true } });
    const s = await db().subscriber.findUniqueOrThrow({ where: { id: r.subscriber.id } });
    expect(s).toMatchObject({ channel: "sms", address: "+14155550100", state: "active", confirmToken: null });
    expect(s.confirmedAt).toBeInstanceOf(Date);
    expect(await db().notification.count()).toBe(0);
    expect(await queuedJobs()).toEqual([]);
    expect((await audit())[0]!.data).toMatchObject({ after: { state: "active", components: [] } });
  });

  it("gives a webhook a signing secret, returned once and kept out of the audit log; a webhook starts active", async () => {
    const r = await addSubscriber({ actor: admin, input: { channel: "webhook", address: "https://hooks.example.com/herald" } });
    expect(r.subscriber.state).toBe("active");
    expect(r.webhookSecret).toMatch(/^whsec_/);
    expect(webhookSecretProblem(r.webhookSecret!)).toBeUndefined();
    expect((await db().subscriber.findUniqueOrThrow({ where: { id: r.subscriber.id } })).webhookSecret).toBe(r.webhookSecret);
    // An endpoint cannot follow a confirmation link: none is queued.
    expect(await db().notification.count()).toBe(0);
    const [row] = await audit();
    expect(row!.data).toMatchObject({ after: { hasSigningSecret: true } });
    expect(JSON.stringify(row!.data)).not.toContain(r.webhookSecret!.slice(6));
  });

  it("refuses an address that already has a live subscription, and lets one that unsubscribed come back", async () => {
    await seed("email", "live@example.com", "active");
    await seed("email", "pending@example.com", "unconfirmed");
    await seed("email", "gone@example.com", "unsubscribed");
    const before = await countRows(TABLES);

    const live = addSubscriber({ actor: admin, input: { channel: "email", address: "LIVE@example.com", confirmed: true } });
    await expect(live).rejects.toBeInstanceOf(ConflictError);
    await expect(live).rejects.toThrow("live@example.com is already subscribed by email");
    await expect(addSubscriber({ actor: admin, input: { channel: "email", address: "pending@example.com" } })).rejects.toThrow(
      "pending@example.com is already subscribed by email (not yet confirmed)",
    );
    expect(await countRows(TABLES)).toEqual(before);

    const back = await addSubscriber({ actor: admin, input: { channel: "email", address: "gone@example.com", confirmed: true } });
    expect(back.subscriber.state).toBe("active");
    expect(await db().subscriber.count({ where: { address: "gone@example.com" } })).toBe(2);
  });

  it("refuses a bad address, a bad channel or an unknown component with a clear message, and writes nothing", async () => {
    const cases: [Parameters<typeof addSubscriber>[0]["input"], string, RegExp][] = [
      [{ channel: "email", address: "not-an-email" }, "address", /"not-an-email" is not a valid email address/],
      [{ channel: "sms", address: "12345" }, "address", /not a valid phone number in international \(E\.164\) form/],
      [{ channel: "webhook", address: "ftp://example.com/hook" }, "address", /must use http or https/],
      [{ channel: "email", address: "   " }, "address", /Enter an address/],
      [{ channel: "fax" as "email", address: "a@example.com" }, "channel", /Choose a channel: email, sms, webhook/],
    ];
    for (const [input, field, message] of cases) {
      const e = await addSubscriber({ actor: admin, input }).catch((x: unknown) => x);
      expect(e, JSON.stringify(input)).toBeInstanceOf(ZodError);
      const issue = (e as ZodError).issues[0]!;
      expect(issue.path).toEqual([field]);
      expect(issue.message).toMatch(message);
    }
    await expect(addSubscriber({ actor: admin, input: { channel: "email", address: "a@example.com", componentIds: ["nope"] } })).rejects.toBeInstanceOf(NotFoundError);
    expect(await countRows(TABLES)).toEqual({ subscriber: 0, subscriber_component: 0, notification: 0, audit_log: 0 });
  });

  it("is refused to editors and the public", async () => {
    for (const actor of [editor, { type: "public" } as const]) {
      await expect(addSubscriber({ actor, input: { channel: "email", address: "a@example.com", confirmed: true } })).rejects.toBeInstanceOf(PermissionError);
    }
    expect(await db().subscriber.count()).toBe(0);
  });
});

describe("removeSubscriber", () => {
  it("marks the subscriber unsubscribed (kept for history), ends its confirmation link, and records before and after", async () => {
    const s = await seed("email", "bye@example.com", "unconfirmed");
    const r = await removeSubscriber({ actor: admin, input: { subscriberId: s.id } });
    expect(r.subscriber.state).toBe("unsubscribed");
    const after = await db().subscriber.findUniqueOrThrow({ where: { id: s.id } });
    expect(after).toMatchObject({ state: "unsubscribed", confirmToken: null, address: "bye@example.com" });
    expect(after.unsubscribedAt).toBeInstanceOf(Date);
    expect(await audit()).toEqual([
      expect.objectContaining({
        action: "subscriber.remove",
        targetId: s.id,
        data: { before: { state: "unconfirmed", unsubscribedAt: null }, after: { state: "unsubscribed", unsubscribedAt: after.unsubscribedAt!.toISOString() } },
      }),
    ]);
  });

  it("refuses one already unsubscribed or unknown, and editors, writing nothing", async () => {
    const gone = await seed("email", "gone@example.com", "unsubscribed");
    const live = await seed("email", "live@example.com", "active");
    await expect(removeSubscriber({ actor: admin, input: { subscriberId: gone.id } })).rejects.toThrow("gone@example.com is already unsubscribed");
    await expect(removeSubscriber({ actor: admin, input: { subscriberId: "nosuchid" } })).rejects.toBeInstanceOf(NotFoundError);
    await expect(removeSubscriber({ actor: editor, input: { subscriberId: live.id } })).rejects.toBeInstanceOf(PermissionError);
    await expect(removeSubscriber({ actor: admin, input: { subscriberId: "" } })).rejects.toBeInstanceOf(ZodError);
    await expect(removeSubscriber({ actor: admin, input: { subscriberId: "a\0b" } })).rejects.toBeInstanceOf(ZodError);
    await expect(listSubscribers({ actor: admin, input: { q: "a\0b" } })).rejects.toBeInstanceOf(ZodError);
    expect((await db().subscriber.findUniqueOrThrow({ where: { id: live.id } })).state).toBe("active");
    expect(await db().auditLog.count()).toBe(0);
  });
});

describe("reactivateSubscriber", () => {
  it("makes a quarantined subscriber active, with no failures and no quarantine time", async () => {
    const s = await seed("webhook", "https://hooks.example.com/flaky", "quarantined");
    await reactivateSubscriber({ actor: admin, input: { subscriberId: s.id } });
    expect(await db().subscriber.findUniqueOrThrow({ where: { id: s.id } })).toMatchObject({ state: "active", consecutiveFailures: 0, quarantinedAt: null });
    expect(await audit()).toEqual([
      expect.objectContaining({
        action: "subscriber.reactivate",
        targetId: s.id,
        data: {
          before: { state: "quarantined", consecutiveFailures: 12, quarantinedAt: "2026-12-05T08:00:00.000Z" },
          after: { state: "active", consecutiveFailures: 0, quarantinedAt: null },
        },
      }),
    ]);
  });

  it("refuses one that is not quarantined, and editors", async () => {
    const active = await seed("email", "fine@example.com", "active");
    const q = await seed("email", "q@example.com", "quarantined");
    await expect(reactivateSubscriber({ actor: admin, input: { subscriberId: active.id } })).rejects.toThrow(
      "Only a quarantined subscriber can be reactivated; fine@example.com is active",
    );
    await expect(reactivateSubscriber({ actor: editor, input: { subscriberId: q.id } })).rejects.toBeInstanceOf(PermissionError);
    expect((await db().subscriber.findUniqueOrThrow({ where: { id: q.id } })).state).toBe("quarantined");
    expect(await db().auditLog.count()).toBe(0);
  });
});

describe("rotateWebhookSecret", () => {
  it("replaces the secret at once, returns the new one, and audits fingerprints only", async () => {
    const old = "whsec_" + Buffer.alloc(32, 1).toString("base64");
    const s = await seed("webhook", "https://hooks.example.com/a", "active", { webhookSecret: old });
    const r = await rotateWebhookSecret({ actor: admin, input: { subscriberId: s.id } });
    expect(r.webhookSecret).toMatch(/^whsec_/);
    expect(r.webhookSecret).not.toBe(old);
    expect((await db().subscriber.findUniqueOrThrow({ where: { id: s.id } })).webhookSecret).toBe(r.webhookSecret);
    const [row] = await audit();
    expect(row).toMatchObject({
      action: "subscriber.rotate_secret",
      targetId: s.id,
      data: { before: { secretFingerprint: secretFingerprint(old) }, after: { secretFingerprint: secretFingerprint(r.webhookSecret) } },
    });
    const logged = JSON.stringify(row!.data);
    expect(logged).not.toContain(old.slice(6));
    expect(logged).not.toContain(r.webhookSecret.slice(6));
  });

  it("refuses an email subscriber, an unsubscribed webhook and editors", async () => {
    const email = await seed("email", "e@example.com");
    const gone = await seed("webhook", "https://hooks.example.com/gone", "unsubscribed");
    const hook = await seed("webhook", "https://hooks.example.com/b");
    await expect(rotateWebhookSecret({ actor: admin, input: { subscriberId: email.id } })).rejects.toThrow(/Only a webhook subscriber has a signing secret/);
    await expect(rotateWebhookSecret({ actor: admin, input: { subscriberId: gone.id } })).rejects.toThrow(/is unsubscribed/);
    await expect(rotateWebhookSecret({ actor: editor, input: { subscriberId: hook.id } })).rejects.toBeInstanceOf(PermissionError);
    expect((await db().subscriber.findUniqueOrThrow({ where: { id: hook.id } })).webhookSecret).toBe(hook.webhookSecret);
    expect(await db().auditLog.count()).toBe(0);
  });
});

describe("listSubscribers and the counts", () => {
  it("filters by address, channel, state and component (who hears about it), newest first, 50 a page", async () => {
    const api = await makeComponent("API", 0);
    const web = await makeComponent("Website", 1);
    const t = (minutes: number) => new Date(Date.UTC(2026, 11, 1, 0, minutes));
    await seed("email", "ann@example.com", "active", { createdAt: t(1), componentIds: [api.id] });
    await seed("email", "bob@example.org", "unconfirmed", { createdAt: t(2), componentIds: [web.id] });
    await seed("sms", "+14155550100", "quarantined", { createdAt: t(3) });
    await seed("webhook", "https://hooks.example.com/x", "unsubscribed", { createdAt: t(4), componentIds: [web.id] });

    const addresses = async (input: Parameters<typeof listSubscribers>[0]["input"]) =>
      (await listSubscribers({ actor: editor, input })).rows.map((r) => r.address);
    expect(await addresses({})).toEqual(["https://hooks.example.com/x", "+14155550100", "bob@example.org", "ann@example.com"]);
    expect(await addresses({ q: "EXAMPLE.com" })).toEqual(["https://hooks.example.com/x", "ann@example.com"]);
    expect(await addresses({ q: "  " })).toHaveLength(4);
    expect(await addresses({ channel: "email" })).toEqual(["bob@example.org", "ann@example.com"]);
    expect(await addresses({ state: "quarantined" })).toEqual(["+14155550100"]);
    // API: whoever chose it, and whoever chose nothing (every component).
    expect(await addresses({ componentId: api.id })).toEqual(["+14155550100", "ann@example.com"]);
    expect(await addresses({ componentId: web.id, channel: "webhook" })).toEqual(["https://hooks.example.com/x"]);

    const [first] = (await listSubscribers({ actor: editor, input: { channel: "email", state: "active" } })).rows;
    expect(first).toMatchObject({ channel: "email", state: "active", components: [{ id: api.id, name: "API" }], consecutiveFailures: 0 });
    const [q] = (await listSubscribers({ actor: editor, input: { state: "quarantined" } })).rows;
    expect(q).toMatchObject({ components: [], consecutiveFailures: 12, quarantinedAt: new Date("2026-12-05T08:00:00Z") });

    const counts = await loadSubscriberCounts({ actor: editor });
    expect(counts.byState).toEqual({ unconfirmed: 1, active: 1, quarantined: 1, unsubscribed: 1 });
    expect(counts.byChannel).toEqual({ email: 2, sms: 1, webhook: 1 });
    expect(counts.cells.active.email).toBe(1);
    expect(counts.cells.unsubscribed.webhook).toBe(1);
    expect(counts.total).toBe(4);

    await expect(listSubscribers({ actor: { type: "public" }, input: {} })).rejects.toBeInstanceOf(PermissionError);
  });

  it("pages by 50, and a page past the end shows the last", async () => {
    await db().subscriber.createMany({
      data: Array.from({ length: 120 }, (_, i) => ({
        channel: "email" as const,
        address: `user${String(i).padStart(3, "0")}@example.com`,
        state: "active" as const,
        confirmedAt: new Date(),
        manageToken: randomToken(),
        createdAt: new Date(Date.UTC(2026, 11, 1, 0, 0, i)),
      })),
    });
    const p1 = await listSubscribers({ actor: editor, input: {} });
    expect(p1).toMatchObject({ total: 120, page: 1, pageCount: 3, pageSize: 50 });
    expect(p1.rows).toHaveLength(50);
    expect(p1.rows[0]!.address).toBe("user119@example.com");
    const p3 = await listSubscribers({ actor: editor, input: { page: 3 } });
    expect(p3.rows.map((r) => r.address)).toEqual(Array.from({ length: 20 }, (_, i) => `user${String(19 - i).padStart(3, "0")}@example.com`));
    expect((await listSubscribers({ actor: editor, input: { page: 9 } })).page).toBe(3);
  });

  it("reads the filters from a query string, ignoring values that are not choices", () => {
    expect(readSubscriberFilter(new URLSearchParams("q=+ann+&channel=sms&state=active&component=abc&page=2"))).toEqual({
      q: "ann",
      channel: "sms",
      state: "active",
      componentId: "abc",
      page: 2,
    });
    expect(readSubscriberFilter({ channel: "fax", state: ["bogus"], page: "-3" })).toEqual({
      q: undefined,
      channel: undefined,
      state: undefined,
      componentId: undefined,
      page: 1,
    });
    // PostgreSQL cannot take a NUL in a text parameter: a link with one still shows the page.
    expect(readSubscriberFilter(new URLSearchParams("q=a%00b&component=%00"))).toMatchObject({ q: "ab", componentId: undefined });
    expect(subscriberFilterQuery({ q: "a b", state: "active", page: 1 })).toBe("?q=a+b&state=active");
    expect(subscriberFilterQuery({})).toBe("");
  });
});

describe("exportSubscribers", () => {
  it("writes the header the import reads, quotes what needs it, and imports again into an empty database", async () => {
    const api = await makeComponent("API, public", 0);
    const edge = await makeComponent('The "Edge"', 1);
    await seed("email", "ann@example.com", "active", { componentIds: [api.id, edge.id] });
    await seed("sms", "+14155550100", "unconfirmed");
    await seed("webhook", "https://hooks.example.com/a?x=1,2", "active");
    await seed("email", "gone@example.com", "unsubscribed");

    const { text, rows } = await exportText(admin);
    expect(rows).toBe(4);
    const lines = text.split("\r\n");
    expect(lines[0]).toBe(EXPORT_COLUMNS.join(","));
    expect(lines[0]).toBe("channel,address,components,state,created_at,confirmed_at");
    expect(text).toContain('email,ann@example.com,"API, public;The ""Edge""",active,');
    expect(text).toContain('webhook,"https://hooks.example.com/a?x=1,2",,active,');
    expect(text).toMatch(/\r\nsms,\+14155550100,,unconfirmed,\d{4}-\d\d-\d\dT[\d:.]+Z,\r\n/);
    expect(text.endsWith("\r\n")).toBe(true);
    // No webhook secret leaves Herald this way.
    expect(text).not.toContain("whsec_");

    // The same file read back by the importer's parser gives the same fields.
    const parsed = parseCsv(text);
    expect(parsed.problems).toEqual([]);
    expect(parsed.records.find((r) => r.fields[1] === "ann@example.com")!.fields.slice(0, 4)).toEqual(["email", "ann@example.com", 'API, public;The "Edge"', "active"]);

    // An export audit row, and then a fresh database (components kept) to import into.
    expect(await db().auditLog.findMany()).toEqual([expect.objectContaining({ action: "subscriber.export", actorId: "op-admin", data: { filter: {} } })]);
    await db().subscriber.deleteMany();
    const result = await importSubscribers({ actor: admin, input: { csv: text, confirmed: true } });
    expect(result.errors).toEqual([]);
    expect(result.imported).toBe(3);
    // The unsubscribed row is not subscribed again.
    expect(result.skipped).toEqual([{ line: expect.any(Number), address: "gone@example.com", reason: "unsubscribed" }]);
    const back = await db().subscriber.findMany({ include: { components: true }, orderBy: { address: "asc" } });
    expect(back.map((s) => [s.channel, s.address, s.state])).toEqual([
      ["sms", "+14155550100", "active"],
      ["email", "ann@example.com", "active"],
      ["webhook", "https://hooks.example.com/a?x=1,2", "active"],
    ]);
    expect(back.find((s) => s.address === "ann@example.com")!.components.map((c) => c.componentId).sort()).toEqual([api.id, edge.id].sort());
    // A webhook imported from an export gets a new secret.
    expect(back.find((s) => s.channel === "webhook")!.webhookSecret).toMatch(/^whsec_/);
  });

  it("applies the list's filters, and pages through a large list a thousand at a time", async () => {
    await db().subscriber.createMany({
      data: Array.from({ length: 2345 }, (_, i) => ({
        channel: i % 5 === 0 ? ("sms" as const) : ("email" as const),
        address: i % 5 === 0 ? `+1415555${String(1000 + i).padStart(4, "0")}` : `u${i}@example.com`,
        state: "active" as const,
        confirmedAt: new Date(),
        manageToken: randomToken(),
      })),
    });
    const pieces: number[] = [];
    let text = "";
    for await (const p of exportSubscribers({ actor: admin, input: { channel: "email" } })) {
      pieces.push(p.rows);
      text += p.text;
    }
    expect(pieces).toEqual([0, 1000, 876]);
    const addresses = parseCsv(text).records.slice(1).map((r) => r.fields[1]);
    expect(new Set(addresses).size).toBe(1876);
    expect(addresses.every((a) => a!.endsWith("@example.com"))).toBe(true);

    expect((await exportText(admin, { q: "u12" })).rows).toBe(addresses.filter((a) => a!.includes("u12")).length);
    expect((await exportText(admin, { state: "unsubscribed" })).rows).toBe(0);
  });

  it("is refused to editors (exporting addresses takes subscriber.write), before anything is read or written", async () => {
    await seed("email", "a@example.com");
    expect(() => exportSubscribers({ actor: editor, input: {} })).toThrow(PermissionError);
    expect(() => exportSubscribers({ actor: admin, input: { channel: "fax" as "email" } })).toThrow(ZodError);
    expect(await db().auditLog.count()).toBe(0);
  });

  it("quotes fields with commas, quotes, line breaks and surrounding spaces, and nothing else", () => {
    expect(csvField("plain@example.com")).toBe("plain@example.com");
    expect(csvField("")).toBe("");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField(" padded ")).toBe('" padded "');
    const record = csvRecord(["x,y", 'q"', "two\r\nlines", "", "z"]);
    expect(record).toBe('"x,y","q""","two\r\nlines",,z\r\n');
    expect(parseCsv(record).records[0]!.fields).toEqual(["x,y", 'q"', "two\r\nlines", "", "z"]);
  });
});
