// `subscribers export` as a person runs it: a child process on the test database.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { importSubscribers, parseCsv } from "@/lib/subscribers/import";
import { randomToken } from "@/lib/tokens";
import { makeComponent, setupTestDatabase } from "../helpers/db";
import { heraldCli } from "../helpers/cli";

const databaseUrl = setupTestDatabase();

const herald = heraldCli(databaseUrl);

function tmpFile(name: string): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), "herald-export-")), name);
}

async function seedSubscribers() {
  const api = await makeComponent("API", 0);
  await db().subscriber.createMany({
    data: [
      { channel: "email", address: "ann@example.com", state: "active", confirmedAt: new Date(), manageToken: randomToken() },
      { channel: "email", address: "bob@example.com", state: "unconfirmed", confirmToken: randomToken(), manageToken: randomToken() },
      { channel: "sms", address: "+14155550100", state: "active", confirmedAt: new Date(), manageToken: randomToken() },
    ],
  });
  const ann = await db().subscriber.findFirstOrThrow({ where: { address: "ann@example.com" } });
  await db().subscriberComponent.create({ data: { subscriberId: ann.id, componentId: api.id } });
}

describe("herald subscribers export", () => {
  it("writes the file, prints the count, and the file imports again", async () => {
    await seedSubscribers();
    const file = tmpFile("all.csv");
    const r = await herald("subscribers", "export", file);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`Exported 3 subscribers to ${file}.\n`);
    const text = fs.readFileSync(file, "utf8");
    expect(text.split("\r\n")[0]).toBe("channel,address,components,state,created_at,confirmed_at");
    expect(text).toContain("email,ann@example.com,API,active,");
    expect(fs.readdirSync(path.dirname(file))).toEqual(["all.csv"]);
    expect(await db().auditLog.findMany()).toEqual([expect.objectContaining({ actorType: "cli", action: "subscriber.export" })]);

    await db().subscriber.deleteMany();
    const back = await importSubscribers({ actor: { type: "cli" }, input: { csv: text } });
    expect(back).toEqual({ imported: 3, skipped: [], errors: [] });
  });

  it("--channel and --state filter; - writes to standard output with the count on standard error", async () => {
    await seedSubscribers();
    const r = await herald("subscribers", "export", "-", "--channel", "email", "--state", "active");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe("Exported 1 subscriber.\n");
    expect(parseCsv(r.stdout).records.map((x) => x.fields.slice(0, 4))).toEqual([
      ["channel", "address", "components", "state"],
      ["email", "ann@example.com", "API", "active"],
    ]);
  });

  it("refuses an unknown channel or state and a missing file name, with exit code 2, writing nothing", async () => {
    const file = tmpFile("never.csv");
    const badChannel = await herald("subscribers", "export", file, "--channel", "fax");
    expect(badChannel.code).toBe(2);
    expect(badChannel.stderr).toMatch(/--channel "fax": use one of email, sms, webhook/);
    const badState = await herald("subscribers", "export", file, "--state", "gone");
    expect(badState.code).toBe(2);
    expect(badState.stderr).toMatch(/--state "gone": use one of unconfirmed, active, quarantined, unsubscribed/);
    const none = await herald("subscribers", "export");
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/Give one CSV file to write/);
    expect(fs.existsSync(file)).toBe(false);
    expect(await db().auditLog.count()).toBe(0);

    const help = await herald("subscribers", "export", "--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--channel CHANNEL/);
  });
});
