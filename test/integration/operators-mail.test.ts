// Operator mails (invitation, password reset) go out from the worker through the email channel:
// here to Herald's local SMTP catcher, which keeps them for the dashboard's Captured mail.
import { afterEach, describe, expect, it } from "vitest";
import { type Actor } from "@/lib/auth/actor";
import { parseConfig } from "@/lib/config";
import { db } from "@/lib/db/prisma";
import { startSmtpCatcher, type SmtpCatcher } from "@/lib/fakes/smtp-catcher";
import { email } from "@/lib/notify/channels/email";
import type { ChannelSender, OutboundMessage } from "@/lib/notify/channels/types";
import { createOperator } from "@/lib/operators/create";
import { inviteOperator } from "@/lib/operators/invite";
import { composeOperatorMail, runOperatorMail } from "@/lib/operators/mail";
import { requestPasswordReset } from "@/lib/operators/request-reset";
import { resendInvitation } from "@/lib/operators/resend-invitation";
import type { OperatorMailPayload } from "@/lib/queue/tasks";
import { startWorker, type WorkerHandle } from "@/lib/worker/run";
import { queuedJobs, setupTestDatabase } from "../helpers/db";

setupTestDatabase();

let smtp: SmtpCatcher | undefined;
let worker: WorkerHandle | undefined;
let sender: ChannelSender | undefined;
afterEach(async () => {
  await worker?.stop();
  await sender?.close();
  await smtp?.close();
  worker = undefined;
  sender = undefined;
  smtp = undefined;
});

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function owner(): Promise<Extract<Actor, { type: "operator" }>> {
  const { operator } = await createOperator({ actor: { type: "cli" }, input: { email: "owner@example.com", role: "owner", password: "owner password", name: "Olga Owner" } });
  return { type: "operator", operatorId: operator.id, role: "owner", email: operator.email };
}

async function mailJobs(): Promise<OperatorMailPayload[]> {
  return (await queuedJobs()).filter((j) => j.task_identifier === "operator_mail").map((j) => j.payload as OperatorMailPayload);
}

async function pageSettings(name: string, timeZone: string) {
  await db().pageSettings.create({ data: { id: 1, name, timeZone } });
}

describe("operator mail", () => {
  it("the worker mails an invitation through SMTP: the link, who invited them, when it expires", async () => {
    await pageSettings("Acme Status", "Europe/Paris");
    smtp = await startSmtpCatcher({ port: 0 });
    const config = parseConfig({ SMTP_URL: smtp.url, HERALD_PUBLIC_URL: "https://status.acme.test/" });
    worker = await startWorker(config, () => {});
    const actor = await owner();
    const { expiresAt } = await inviteOperator({ actor, input: { email: "newbie@example.com", role: "editor" } });

    const mail = await until(() => db().capturedMessage.findMany(), (m) => m.length >= 1);
    expect(mail).toHaveLength(1);
    const m = mail[0]!;
    expect(m.recipient).toBe("newbie@example.com");
    expect(m.subject).toBe("You are invited to run Acme Status");
    const link = m.text!.match(/https:\/\/status\.acme\.test\/admin\/invitation\/([A-Za-z0-9_-]+)/);
    expect(link, m.text!).not.toBeNull();
    expect(m.text).toContain("Olga Owner (owner@example.com) invited you");
    const paris = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Paris", dateStyle: "long", timeStyle: "short", hourCycle: "h23" }).format(expiresAt);
    expect(m.text).toContain(`until ${paris} (Europe/Paris)`);
    expect(m.html).toContain(`href="https://status.acme.test/admin/invitation/${link![1]}"`);
    // The job is gone once the mail is out: the token no longer sits in the queue.
    expect(await until(() => mailJobs(), (j) => j.length === 0)).toEqual([]);
  });

  it("a password reset mail through the email channel; a link that died before sending is not mailed", async () => {
    smtp = await startSmtpCatcher({ port: 0 });
    const config = parseConfig({ SMTP_URL: smtp.url, HERALD_PUBLIC_URL: "https://status.acme.test" });
    const state = email.configure(config);
    if (!state.on) throw new Error("email should be on");
    sender = state.open();
    const actor = await owner();

    await requestPasswordReset({ actor: { type: "public" }, input: { email: "owner@example.com" } });
    const [reset] = await mailJobs();
    expect(await runOperatorMail(reset!, { config, sender })).toBe("sent");
    const mail = await until(() => db().capturedMessage.findMany(), (m) => m.length >= 1);
    expect(mail[0]).toMatchObject({ recipient: "owner@example.com", subject: "Reset your password for Herald" });
    expect(mail[0]!.text).toContain(`https://status.acme.test/admin/reset-password/${reset!.token}`);
    expect(mail[0]!.text).toMatch(/works once and until .* \(Etc\/UTC\)/);

    // An invitation replaced by a newer one before its mail went out: only the new link is mailed.
    const { operator } = await inviteOperator({ actor, input: { email: "late@example.com", role: "admin" } });
    await resendInvitation({ actor, input: { operatorId: operator.id } });
    const [, first, second] = await mailJobs();
    expect(await runOperatorMail(first!, { config, sender })).toBe("skipped");
    expect(await runOperatorMail(second!, { config, sender })).toBe("sent");
    const all = await until(() => db().capturedMessage.findMany({ orderBy: { id: "asc" } }), (m) => m.length >= 2);
    expect(all).toHaveLength(2);
    expect(all[1]!.text).toContain(second!.token);
    expect(all.map((x) => x.text).join("\n")).not.toContain(first!.token);
  });

  it("with email off, the job fails to be tried again later; a refused address is not retried", async () => {
    const config = parseConfig({ HERALD_PUBLIC_URL: "https://status.acme.test" });
    const actor = await owner();
    await inviteOperator({ actor, input: { email: "someone@example.com", role: "editor" } });
    const [job] = await mailJobs();
    await expect(runOperatorMail(job!, { config, sender: undefined })).rejects.toThrow(/SMTP_URL is not set/);

    const sent: OutboundMessage[] = [];
    const refusing: ChannelSender = {
      send: async (m) => (sent.push(m), { kind: "failed", error: "550 no such user" }),
      close: async () => undefined,
    };
    const logged: string[] = [];
    expect(await runOperatorMail(job!, { config, sender: refusing, log: (m) => logged.push(m) })).toBe("failed");
    expect(logged.join("\n")).toContain("someone@example.com was refused: 550 no such user");
    const retrying: ChannelSender = { send: async () => ({ kind: "retry", error: "421 busy" }), close: async () => undefined };
    await expect(runOperatorMail(job!, { config, sender: retrying })).rejects.toThrow(/421 busy/);
  });

  it("composes a plain message whose only link is the one-time link, with a stable Message-ID", () => {
    const expiresAt = new Date("2026-12-14T10:00:00Z");
    const m = composeOperatorMail({
      kind: "invitation",
      token: "tok_abcdefghijklmnopqrstuvwxyz",
      tokenId: "t1",
      to: "a@example.com",
      expiresAt,
      invitedBy: "Olga <olga@example.com>",
      page: { name: "A&B Status", timeZone: "Not/AZone" },
      publicUrl: "https://status.example.com",
    });
    expect(m).toMatchObject({ channel: "email", to: "a@example.com", idempotencyKey: "<operator-token.t1@status.example.com>", threadKey: null });
    expect(m.text).toContain("https://status.example.com/admin/invitation/tok_abcdefghijklmnopqrstuvwxyz");
    // An unknown zone falls back to UTC, named.
    expect(m.text).toContain("until 14 December 2026 at 10:00 (UTC)");
    expect(m.html).toContain("A&amp;B Status");
    expect(m.html).toContain("Olga &lt;olga@example.com&gt;");
  });
});
