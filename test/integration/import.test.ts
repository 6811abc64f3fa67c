// `subscribers import`: the use case behind the CLI, against the real database.
import { describe, expect, it } from "vitest";
import { PermissionError } from "@/lib/auth/actor";
import { db } from "@/lib/db/prisma";
import { importSubscribers } from "@/lib/subscribers/import";
import { newWebhookSecret, randomToken } from "@/lib/tokens";
import { makeComponent, queuedJobs, setupTestDatabase } from "../helpers/db";

setupTestDatabase();

const cli = { type: "cli" } as const;
const HEADER = "channel,address,components,secret";
const csv = (...lines: string[]) => [HEADER, ...lines].join("\n") + "\n";
const run = (text: string, confirmed = false) => importSubscribers({ actor: cli, input: { csv: text, confirmed } });

async function subscriber(channel: "email" | "sms" | "webhook", address: string) {
  return db().subscriber.findFirstOrThrow({ where: { channel, address }, include: { components: true } });
}

describe("importSubscribers", () => {
  it("imports the good rows and reports each bad one with its line number", async () => {
    await makeComponent("API", 0);
    const result = await run(
      csv(
        "email,Alice@Example.com,,", // 2
        "fax,123,,", // 3
        "email,not-an-email,,", // 4
        "sms,+1 415 555 0100,,", // 5
        "sms,12345,,", // 6
        "webhook,ftp://example.com/hook,,", // 7
        "email,alice@example.com,,", // 8: same as line 2 once normalised
        "email,bob@example.com,Nope,", // 9
        ",carol@example.com,,", // 10
        "email,,,", // 11
        "email,dave@example.com,,,extra", // 12
        "webhook,https://hooks.example.com/herald,,", // 13
      ),
    );
    expect(result.imported).toBe(3);
    expect(result.skipped).toEqual([]);
    expect(result.errors.map((e) => e.line)).toEqual([3, 4, 6, 7, 8, 9, 10, 11, 12]);
    const reason = (line: number) => result.errors.find((e) => e.line === line)!.reason;
    expect(reason(3)).toMatch(/unknown channel "fax"/);
    expect(reason(4)).toMatch(/not a valid email address/);
    expect(reason(6)).toMatch(/phone number/);
    expect(reason(7)).toMatch(/http or https/);
    expect(reason(8)).toBe("duplicate of line 2");
    expect(reason(9)).toBe('unknown component "Nope" (known: API)');
    expect(reason(10)).toMatch(/no channel/);
    expect(reason(11)).toMatch(/no address/);
    expect(reason(12)).toMatch(/5 fields/);

    const subs = await db().subscriber.findMany({ orderBy: { address: "asc" } });
    expect(subs.map((s) => [s.channel, s.address])).toEqual([
      ["sms", "+14155550100"],
      ["email", "alice@example.com"],
      ["webhook", "https://hooks.example.com/herald"],
    ]);
    for (const s of subs) {
      expect(s).toMatchObject({ state: "unconfirmed", confirmedAt: null, source: "import" });
      expect(s.confirmToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(s.manageToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    }
    expect(new Set(subs.flatMap((s) => [s.confirmToken, s.manageToken])).size).toBe(6);

    // Each unconfirmed subscriber gets a confirmation through the outbox, with its fan-out job.
    const notifications = await db().notification.findMany();
    expect(notifications).toHaveLength(3);
    for (const n of notifications) expect(n).toMatchObject({ kind: "subscription_confirmation", payload: { purpose: "confirm" }, fanoutState: "pending" });
    expect(notifications.map((n) => n.targetSubscriberId).sort()).toEqual(subs.map((s) => s.id).sort());
    const jobs = await queuedJobs();
    expect(jobs.map((j) => j.task_identifier)).toEqual(["fanout", "fanout", "fanout"]);
    expect(jobs.map((j) => j.key).sort()).toEqual(notifications.map((n) => `fanout:${n.id}`).sort());
    expect(jobs.map((j) => j.payload).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual(
      notifications.map((n) => ({ notificationId: n.id })).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    );
    const [job] = await db().$queryRaw<{ max_attempts: number }[]>`SELECT max_attempts FROM graphile_worker.jobs LIMIT 1`;
    expect(job!.max_attempts).toBe(25);

    // One audit row for the whole import.
    expect(await db().auditLog.findMany()).toEqual([
      expect.objectContaining({
        actorType: "cli",
        action: "subscriber.import",
        targetType: "subscriber_import",
        data: { imported: 3, byChannel: { email: 1, sms: 1, webhook: 1 }, confirmed: false, skipped: 0, errors: 9 },
      }),
    ]);
  });

  it("reads quoted fields, doubled quotes, CRLF line endings, a BOM and multi-line fields", async () => {
    await makeComponent("Mail, IMAP", 0);
    await makeComponent('The "Edge"', 1);
    const text =
      "\uFEFF" +
      [
        HEADER,
        '"email","  Quoted@Example.com ","",""',
        'webhook,"https://hooks.example.com/a?x=1,2",,',
        'email,edge@example.com,"The ""Edge"";Mail, IMAP",',
        'email,"broken\nacross lines",,',
        "email,quoted@example.com,,",
        "email,after@example.com,,",
      ].join("\r\n") +
      "\r\n";
    const result = await run(text);
    // The multi-line field takes lines 5 and 6: the next record is on line 7.
    expect(result.errors).toEqual([
      { line: 5, reason: expect.stringMatching(/not a valid email address/) },
      { line: 7, reason: "duplicate of line 2" },
    ]);
    expect(result.imported).toBe(4);
    expect((await subscriber("email", "after@example.com")).state).toBe("unconfirmed");
    expect((await subscriber("email", "quoted@example.com")).state).toBe("unconfirmed");
    expect((await subscriber("webhook", "https://hooks.example.com/a?x=1,2")).webhookSecret).toMatch(/^whsec_/);
    expect((await subscriber("email", "edge@example.com")).components).toHaveLength(2);
  });

  it("--confirmed makes active subscribers with confirmedAt and sends no confirmation", async () => {
    const before = Date.now();
    const result = await run(csv("email,erin@example.com,,", "sms,+442079460958,,"), true);
    expect(result).toEqual({ imported: 2, skipped: [], errors: [] });
    for (const s of await db().subscriber.findMany()) {
      expect(s.state).toBe("active");
      expect(s.confirmedAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
      expect(s.confirmToken).toBeNull();
      expect(s.manageToken).toBeTruthy();
    }
    expect(await db().notification.count()).toBe(0);
    expect(await queuedJobs()).toEqual([]);
    expect((await db().auditLog.findFirstOrThrow()).data).toMatchObject({ imported: 2, confirmed: true });
  });

  it("links components by name, in any case; empty means every component", async () => {
    const api = await makeComponent("API", 0);
    const web = await makeComponent("Website", 1);
    await makeComponent("Internal", 2);
    const result = await run(csv("email,one@example.com,api; WEBSITE ,", "email,two@example.com,,", "email,three@example.com,Api;API,"));
    expect(result).toEqual({ imported: 3, skipped: [], errors: [] });
    expect((await subscriber("email", "one@example.com")).components.map((c) => c.componentId).sort()).toEqual([api.id, web.id].sort());
    expect((await subscriber("email", "two@example.com")).components).toEqual([]);
    expect((await subscriber("email", "three@example.com")).components.map((c) => c.componentId)).toEqual([api.id]);

    const bad = await run(csv("email,four@example.com,API;Nope;Zip,"));
    expect(bad.errors).toEqual([{ line: 2, reason: 'unknown components "Nope", "Zip" (known: API, Website, Internal)' }]);
    expect(bad.imported).toBe(0);
  });

  it("keeps a webhook's secret, generates one when empty, and refuses a secret elsewhere", async () => {
    const secret = newWebhookSecret();
    const result = await run(
      csv(
        `webhook,https://a.example.com/hook,,${secret}`,
        "webhook,https://b.example.com/hook,,",
        "webhook,https://c.example.com/hook,,whsec_tooshort",
        `email,frank@example.com,,${newWebhookSecret()}`,
        `sms,+14155550111,,${newWebhookSecret()}`,
      ),
    );
    expect(result.imported).toBe(2);
    expect(result.errors).toEqual([
      { line: 4, reason: expect.stringMatching(/Standard Webhooks secret/) },
      { line: 5, reason: "a secret is only for webhook rows, not email" },
      { line: 6, reason: "a secret is only for webhook rows, not sms" },
    ]);
    expect((await subscriber("webhook", "https://a.example.com/hook")).webhookSecret).toBe(secret);
    const generated = (await subscriber("webhook", "https://b.example.com/hook")).webhookSecret!;
    expect(generated).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(generated).not.toBe(secret);
    expect(await db().subscriber.count({ where: { channel: "email" } })).toBe(0);
  });

  it("skips an address that is already subscribed, and imports one that unsubscribed", async () => {
    await db().subscriber.createMany({
      data: [
        { channel: "email", address: "live@example.com", state: "active", confirmedAt: new Date(), manageToken: randomToken() },
        { channel: "email", address: "gone@example.com", state: "unsubscribed", unsubscribedAt: new Date(), manageToken: randomToken() },
        { channel: "email", address: "pending@example.com", state: "unconfirmed", confirmToken: randomToken(), manageToken: randomToken() },
      ],
    });
    const result = await run(csv("email,LIVE@example.com,,", "email,gone@example.com,,", "email,pending@example.com,,", "email,new@example.com,,"), true);
    expect(result).toEqual({
      imported: 2,
      skipped: [
        { line: 2, address: "live@example.com", reason: "already subscribed" },
        { line: 4, address: "pending@example.com", reason: "already subscribed" },
      ],
      errors: [],
    });
    expect(await db().subscriber.count({ where: { address: "gone@example.com" } })).toBe(2);
    expect((await subscriber("email", "pending@example.com")).state).toBe("unconfirmed");
    expect(await db().subscriber.count({ where: { address: "live@example.com" } })).toBe(1);
  });

  it("reports a bad header, and reads an empty file or a header alone as no rows", async () => {
    expect(await run("email,address\nemail,a@example.com\n")).toEqual({
      imported: 0,
      skipped: [],
      errors: [{ line: 1, reason: expect.stringMatching(/unknown column "email".*missing column "channel"/) }],
    });
    expect(await run("")).toEqual({ imported: 0, skipped: [], errors: [] });
    expect(await run(`${HEADER}\r\n`)).toEqual({ imported: 0, skipped: [], errors: [] });
    // Columns may come in any order, and components and secret may be left out.
    expect(await run("Address,Channel\nzed@example.com,email\n")).toEqual({ imported: 1, skipped: [], errors: [] });
    expect(await db().subscriber.count()).toBe(1);
  });

  it("imports thousands of rows in batches, in one transaction", async () => {
    const api = await makeComponent("API");
    const rows = Array.from({ length: 2500 }, (_, i) => `email,user${i}@example.com,${i % 2 ? "API" : ""},`);
    rows.splice(1200, 0, "email,broken,,");
    const result = await run(csv(...rows));
    expect(result.imported).toBe(2500);
    expect(result.errors).toEqual([{ line: 1202, reason: expect.stringMatching(/not a valid email/) }]);
    expect(await db().subscriber.count()).toBe(2500);
    expect(await db().subscriberComponent.count({ where: { componentId: api.id } })).toBe(1250);
    expect(await db().notification.count()).toBe(2500);
    expect((await queuedJobs()).length).toBe(2500);
    expect(await db().auditLog.count()).toBe(1);
  });

  it("is refused to the public and to editors, before reading anything", async () => {
    const text = csv("email,a@example.com,,");
    await expect(importSubscribers({ actor: { type: "public" }, input: { csv: text, confirmed: true } })).rejects.toBeInstanceOf(PermissionError);
    await expect(
      importSubscribers({ actor: { type: "operator", operatorId: "x", role: "editor", email: "e@example.com" }, input: { csv: text, confirmed: true } }),
    ).rejects.toBeInstanceOf(PermissionError);
    expect(await db().subscriber.count()).toBe(0);
  });
});
