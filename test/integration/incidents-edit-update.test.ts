// Correcting an update's text (lib/incidents/edit-update.ts): the new body and edited_at, the
// audit row with before and after, no notification, and the public page showing the new text.
import { ZodError } from "zod";
import { describe, expect, it } from "vitest";
import { incidentView } from "@/app/_lib/public";
import { PermissionError } from "@/lib/auth/actor";
import { db } from "@/lib/db/prisma";
import { NotFoundError } from "@/lib/errors";
import { createIncident } from "@/lib/incidents/create";
import { editUpdate } from "@/lib/incidents/edit-update";
import { loadPublicSnapshot } from "@/lib/public/snapshot";
import { incidentsDocument } from "@/lib/statuspage/v2";
import { countRows, queuedJobs, setupTestDatabase } from "../helpers/db";

setupTestDatabase();

const cli = { type: "cli" } as const;
const editor = { type: "operator", operatorId: "op-editor", role: "editor", email: "editor@example.com", ip: "198.51.100.4" } as const;

async function posted() {
  const { incident, update } = await createIncident({ actor: cli, input: { name: "Mail delays", message: "Mail is delayd by 10 minutes." } });
  return { incident, update };
}

describe("editUpdate", () => {
  it("replaces the text, marks the update edited, writes the audit row with before and after, and notifies no one", async () => {
    const { incident, update } = await posted();
    const notificationsBefore = await db().notification.count();
    const jobsBefore = (await queuedJobs()).length;

    const { update: edited, changed } = await editUpdate({ actor: editor, input: { updateId: update.id, body: "  Mail is delayed by 10 minutes.  " } });

    expect(changed).toBe(true);
    const stored = await db().incidentUpdate.findUniqueOrThrow({ where: { id: update.id } });
    expect(stored).toMatchObject({ body: "Mail is delayed by 10 minutes.", status: "investigating", incidentId: incident.id });
    expect(stored.editedAt).toBeInstanceOf(Date);
    expect(edited.editedAt).toEqual(stored.editedAt);
    // When it was posted does not move: the timeline keeps its order.
    expect(stored.displayAt).toEqual(update.displayAt);

    expect(await db().notification.count()).toBe(notificationsBefore);
    expect((await queuedJobs()).length).toBe(jobsBefore);

    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "incident_update.edit" } });
    expect(audit).toMatchObject({ actorType: "operator", actorId: "op-editor", targetType: "incident_update", targetId: update.id, ip: "198.51.100.4" });
    expect(audit.data).toEqual({
      before: { body: "Mail is delayd by 10 minutes.", editedAt: null },
      after: { body: "Mail is delayed by 10 minutes.", editedAt: stored.editedAt!.toISOString() },
    });
  });

  it("shows the new text on the public page and in the API", async () => {
    const { incident, update } = await posted();
    await editUpdate({ actor: cli, input: { updateId: update.id, body: "Mail is **delayed** by 10 minutes." } });
    const s = await loadPublicSnapshot(1);
    const snap = s.incidents.find((i) => i.id === incident.id)!;
    expect(incidentView(s, snap).updates[0]!.html).toContain("Mail is <strong>delayed</strong> by 10 minutes.");
    expect(incidentsDocument(s).incidents[0]!.incident_updates[0]!.body).toBe("Mail is **delayed** by 10 minutes.");
  });

  it("the same text again is not an edit: nothing is written", async () => {
    const { update } = await posted();
    const before = await countRows(["audit_log", "notification"]);
    const { changed } = await editUpdate({ actor: cli, input: { updateId: update.id, body: "Mail is delayd by 10 minutes." } });
    expect(changed).toBe(false);
    expect((await db().incidentUpdate.findUniqueOrThrow({ where: { id: update.id } })).editedAt).toBeNull();
    expect(await countRows(["audit_log", "notification"])).toEqual(before);
  });

  it("refuses an empty text, an unknown update and an actor without permission, writing nothing", async () => {
    const { update } = await posted();
    const before = await countRows(["audit_log", "notification"]);

    const empty = editUpdate({ actor: cli, input: { updateId: update.id, body: "   " } });
    await expect(empty).rejects.toBeInstanceOf(ZodError);
    await expect(empty).rejects.toThrow(/Write the update's text/);
    await expect(editUpdate({ actor: cli, input: { updateId: update.id, body: "a\u0000b" } })).rejects.toThrow(/NUL/);
    await expect(editUpdate({ actor: cli, input: { updateId: "nosuchupdate", body: "x" } })).rejects.toBeInstanceOf(NotFoundError);
    await expect(editUpdate({ actor: { type: "public" }, input: { updateId: update.id, body: "x" } })).rejects.toBeInstanceOf(PermissionError);

    expect((await db().incidentUpdate.findUniqueOrThrow({ where: { id: update.id } })).body).toBe("Mail is delayd by 10 minutes.");
    expect(await countRows(["audit_log", "notification"])).toEqual(before);
  });
});
