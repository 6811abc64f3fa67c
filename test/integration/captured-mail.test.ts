// Captured mail (/admin/mail): what the local SMTP catcher kept. Mail to operators carries
// invitation and password-reset links, so only those who manage operators read it.
import { describe, expect, it } from "vitest";
import { listCapturedMessages } from "@/lib/captured/list";
import { db } from "@/lib/db/prisma";
import { setupTestDatabase } from "../helpers/db";

setupTestDatabase();

describe("captured mail", () => {
  it("hides other operators' mail from an editor, and shows it to the owner", async () => {
    const owner = await db().operator.create({ data: { email: "owner@example.com", role: "owner", passwordHash: null } });
    const editor = await db().operator.create({ data: { email: "editor@example.com", role: "editor", passwordHash: null } });
    await db().capturedMessage.createMany({
      data: [
        { channel: "email", recipient: "owner@example.com", subject: "Reset your password" },
        { channel: "email", recipient: "editor@example.com", subject: "You are invited" },
        { channel: "email", recipient: "visitor@example.com", subject: "Confirm your subscription" },
      ],
    });
    const asEditor = await listCapturedMessages({ actor: { type: "operator", operatorId: editor.id, role: "editor", email: editor.email }, input: {} });
    expect(asEditor.map((m) => m.recipient).sort()).toEqual(["editor@example.com", "visitor@example.com"]);
    const asOwner = await listCapturedMessages({ actor: { type: "operator", operatorId: owner.id, role: "owner", email: owner.email }, input: {} });
    expect(asOwner).toHaveLength(3);
  });
});
