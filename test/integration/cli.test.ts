// The admin CLI (scripts/herald.ts) as a person runs it: a child process on the test database.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { verifyPassword } from "@/lib/auth/password";
import { db } from "@/lib/db/prisma";
import { createIncident } from "@/lib/incidents/create";
import { makeComponent, queuedJobs, setupTestDatabase } from "../helpers/db";
import { heraldCli } from "../helpers/cli";

const databaseUrl = setupTestDatabase();

const herald = heraldCli(databaseUrl);

describe("herald CLI", () => {
  it("--help prints the commands, and each command's --help its options", async () => {
    const top = await herald("--help");
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/Usage: npm run herald -- <command>/);
    const commands = [
      "incident create", "incident update", "incident resolve",
      "component create", "component update", "component delete", "component list", "component set-status",
      "group create", "group update", "group delete",
      "maintenance schedule", "maintenance update", "maintenance cancel",
      "metric create", "metric list", "settings set", "demo remove",
      "subscribers import", "subscribers export",
      "operator create", "operator disable", "operator reset-password",
      "api-key create", "api-key revoke", "fanout status",
    ];
    for (const c of commands) {
      expect(top.stdout).toContain(c);
    }

    const cmd = await herald("incident", "create", "--help");
    expect(cmd.code).toBe(0);
    for (const flag of ["--name", "--status", "--message", "--component", "--no-notify"]) expect(cmd.stdout).toContain(flag);

    const unknown = await herald("incident", "delete");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown command "incident delete"/);
  });

  it("incident create prints just the new incident's id, which exists with its components", async () => {
    const api = await makeComponent("API", 0);
    const web = await makeComponent("Website", 1);
    const r = await herald(
      "incident", "create",
      "--name", "Elevated errors, EU",
      "--status", "identified",
      "--message", "We are rolling back.",
      "--component", "api=major_outage",
      "--component", "WEBSITE=degraded_performance",
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^[0-9a-z]{12}\n$/);
    const id = r.stdout.trim();
    const incident = await db().incident.findUniqueOrThrow({ where: { id }, include: { updates: { include: { affectedComponents: true } } } });
    expect(incident).toMatchObject({ name: "Elevated errors, EU", status: "identified", impact: "critical" });
    expect(incident.updates).toHaveLength(1);
    expect(incident.updates[0]!.body).toBe("We are rolling back.");
    expect(incident.updates[0]!.affectedComponents.map((c) => [c.componentId, c.newStatus]).sort()).toEqual(
      [
        [api.id, "major_outage"],
        [web.id, "degraded_performance"],
      ].sort(),
    );
    expect((await db().component.findUniqueOrThrow({ where: { id: web.id } })).status).toBe("degraded_performance");
    expect(await db().auditLog.findMany()).toEqual([expect.objectContaining({ actorType: "cli", action: "incident.create", targetId: id })]);
    expect(await db().notification.count({ where: { incidentId: id } })).toBe(1);
    expect((await queuedJobs()).map((j) => j.task_identifier)).toEqual(["fanout"]);
  });

  it("refuses an unknown component or status, listing the valid ones, and writes nothing", async () => {
    await makeComponent("API", 0);
    await makeComponent("Website", 1);
    const comp = await herald("incident", "create", "--name", "X", "--message", "Y", "--component", "Databse=major_outage");
    expect(comp.code).toBe(2);
    expect(comp.stdout).toBe("");
    expect(comp.stderr).toMatch(/Unknown component "Databse"\. Known components: API, Website/);

    const status = await herald("incident", "create", "--name", "X", "--message", "Y", "--status", "on_fire");
    expect(status.code).toBe(2);
    expect(status.stderr).toContain("investigating, identified, monitoring, resolved, postmortem");

    const compStatus = await herald("incident", "create", "--name", "X", "--message", "Y", "--component", "API=down");
    expect(compStatus.code).toBe(2);
    expect(compStatus.stderr).toContain("operational, degraded_performance, partial_outage, major_outage, under_maintenance");
    expect(await db().incident.count()).toBe(0);
  });

  it("incident update posts an update with component changes and prints its id; incident resolve closes it", async () => {
    const api = await makeComponent("API", 0);
    const { incident } = await createIncident({ actor: { type: "cli" }, input: { name: "Errors", message: "Looking." } });

    const r = await herald("incident", "update", incident.id, "--status", "identified", "--message", "Found it.", "--component", "api=major_outage");
    expect(r.code, r.stderr).toBe(0);
    const update = await db().incidentUpdate.findUniqueOrThrow({ where: { id: r.stdout.trim() }, include: { affectedComponents: true } });
    expect(update).toMatchObject({ incidentId: incident.id, status: "identified", body: "Found it." });
    expect(update.affectedComponents.map((c) => [c.componentId, c.newStatus])).toEqual([[api.id, "major_outage"]]);
    expect(await db().incident.findUniqueOrThrow({ where: { id: incident.id } })).toMatchObject({ status: "identified", impact: "critical" });

    const wrong = await herald("incident", "update", incident.id, "--status", "completed", "--message", "x");
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("investigating, identified, monitoring, resolved, postmortem");
    const missing = await herald("incident", "update", "nosuchincide", "--message", "x");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/No incident or maintenance with id nosuchincide/);

    const resolved = await herald("incident", "resolve", incident.id);
    expect(resolved.code, resolved.stderr).toBe(0);
    expect(await db().incident.findUniqueOrThrow({ where: { id: incident.id } })).toMatchObject({ status: "resolved" });
    expect(await db().incidentUpdate.findUniqueOrThrow({ where: { id: resolved.stdout.trim() } })).toMatchObject({ status: "resolved", body: "This incident has been resolved." });
    // Its components go back to operational.
    expect((await db().component.findUniqueOrThrow({ where: { id: api.id } })).status).toBe("operational");
    expect((await db().notification.findMany({ where: { incidentId: incident.id }, orderBy: { createdAt: "asc" } })).map((n) => n.kind)).toEqual([
      "incident_created",
      "incident_updated",
      "incident_resolved",
    ]);
  });

  it("component set-status changes a component by name or id and says what changed", async () => {
    const api = await makeComponent("API", 0);
    const r = await herald("component", "set-status", "api", "partial_outage");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("API: Operational -> Partial outage\n");
    expect((await db().component.findUniqueOrThrow({ where: { id: api.id } })).status).toBe("partial_outage");
    expect(await db().notification.findMany()).toEqual([expect.objectContaining({ kind: "component_status_changed", componentId: api.id })]);

    const same = await herald("component", "set-status", api.id, "partial_outage");
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).toMatch(/already Partial outage/);

    const bad = await herald("component", "set-status", "API", "down");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("operational, degraded_performance, partial_outage, major_outage, under_maintenance");
    expect(await db().componentStatusChange.count()).toBe(1);
  });

  it("incident create --no-notify posts without a notification", async () => {
    const r = await herald("incident", "create", "--name", "Quiet", "--message", "Shh", "--no-notify");
    expect(r.code, r.stderr).toBe(0);
    expect(await db().incident.count({ where: { id: r.stdout.trim() } })).toBe(1);
    expect(await db().notification.count()).toBe(0);
  });

  it("subscribers import prints a summary and each problem, and exits 1 when every row failed", async () => {
    await makeComponent("API");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "herald-cli-"));
    try {
      const good = path.join(dir, "good.csv");
      fs.writeFileSync(good, "channel,address,components,secret\nemail,a@example.com,API,\nemail,nope,,\n");
      const r = await herald("subscribers", "import", good, "--confirmed");
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/Imported 1 subscriber \(active\); 0 already subscribed \(skipped\); 1 row with errors/);
      expect(r.stderr).toContain(`${good}:3: error: "nope" is not a valid email address`);
      expect(await db().subscriber.findFirstOrThrow()).toMatchObject({ address: "a@example.com", state: "active" });

      const bad = path.join(dir, "bad.csv");
      fs.writeFileSync(bad, "channel,address\nfax,123\n");
      const failed = await herald("subscribers", "import", bad);
      expect(failed.code).toBe(1);
      expect(failed.stderr).toContain(`${bad}:2: error: unknown channel "fax"`);

      const missing = await herald("subscribers", "import", path.join(dir, "missing.csv"));
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/Cannot read/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("operator create prints the one-time password with the email", async () => {
    const r = await herald("operator", "create", "--email", "Ops@Example.com", "--role", "editor");
    expect(r.code, r.stderr).toBe(0);
    const password = /^Password: (\S+)$/m.exec(r.stdout)?.[1];
    expect(r.stdout).toContain("ops@example.com");
    expect(password).toBeDefined();
    const operator = await db().operator.findUniqueOrThrow({ where: { email: "ops@example.com" } });
    expect(operator.role).toBe("editor");
    expect(await verifyPassword(operator.passwordHash!, password!)).toBe(true);

    const again = await herald("operator", "create", "--email", "ops@example.com");
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
  });

  it("incident create and update take the impact, a back-dated start, their own X post and the channels", async () => {
    const api = await makeComponent("API", 0);
    const hourAgo = new Date(Date.now() - 3_600_000);
    const iso = hourAgo.toISOString().replace(/\.\d{3}Z$/, "+00:00");
    const r = await herald(
      "incident", "create", "--name", "Slow API", "--message", "Looking into it",
      "--component", "API=degraded_performance",
      "--impact", "critical", "--started-at", iso, "--x-post", "API is slow: we are on it", "--channel", "email", "--channel", "webhook",
    );
    expect(r.code, r.stderr).toBe(0);
    const id = r.stdout.trim();
    const incident = await db().incident.findUniqueOrThrow({ where: { id }, include: { updates: true, notifications: true } });
    expect(incident.impact).toBe("critical");
    expect(incident.impactOverride).toBe("critical");
    expect(Math.abs(incident.startedAt.getTime() - Math.floor(hourAgo.getTime() / 1000) * 1000)).toBeLessThan(1000);
    expect(incident.updates[0]!.customTweet).toBe("API is slow: we are on it");
    expect((incident.notifications[0]!.payload as { channels?: string[] }).channels).toEqual(["email", "webhook"]);

    const back = await herald("incident", "update", id, "--message", "Better now", "--impact", "computed", "--component", `${api.id}=operational`);
    expect(back.code, back.stderr).toBe(0);
    const after = await db().incident.findUniqueOrThrow({ where: { id } });
    expect(after.impactOverride).toBeNull();

    const wrong = await herald("incident", "create", "--name", "X", "--message", "Y", "--impact", "huge");
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/Unknown impact "huge"/);
    const bare = await herald("incident", "create", "--name", "X", "--message", "Y", "--started-at", "2026-12-07 09:30");
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/ISO time with its offset/);
    const future = await herald("incident", "create", "--name", "X", "--message", "Y", "--started-at", new Date(Date.now() + 86_400_000).toISOString());
    expect(future.code).toBe(2);
    expect(future.stderr).toMatch(/cannot be in the future/);
    expect(await db().incident.count()).toBe(1);
  });
});
