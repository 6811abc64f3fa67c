// A local SMTP server that accepts every message and keeps it in the database (captured_message),
// so `npm start` works with no mail provider and the dashboard shows what would have been sent.
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { db } from "@/lib/db/prisma";

export type SmtpCatcher = { port: number; url: string; close: () => Promise<void> };

export async function startSmtpCatcher(opts: { port: number; host?: string; log?: (m: string) => void }): Promise<SmtpCatcher> {
  const host = opts.host ?? "127.0.0.1";
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    banner: "Herald SMTP catcher",
    size: 10 * 1024 * 1024,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then(async (mail) => {
          const to = session.envelope.rcptTo.map((r) => r.address);
          const headers: Record<string, string> = {};
          for (const [k, v] of mail.headers) headers[k] = typeof v === "string" ? v : JSON.stringify(v);
          await db().capturedMessage.createMany({
            data: to.map((recipient) => ({
              channel: "email" as const,
              recipient: recipient.toLowerCase(),
              subject: mail.subject ?? null,
              text: mail.text ?? null,
              html: typeof mail.html === "string" ? mail.html : null,
              headers,
              providerId: mail.messageId ?? null,
            })),
          });
          callback();
        })
        .catch((e: Error) => {
          opts.log?.(`SMTP catcher could not store a message: ${e.message}`);
          // 451: temporary failure, the sender will try again; nothing is lost.
          callback(Object.assign(new Error("could not store the message, try again"), { responseCode: 451 }));
        });
    },
  });
  server.on("error", (e) => opts.log?.(`SMTP catcher: ${e.message}`));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, host, () => resolve());
  });
  const addr = server.server.address();
  const port = typeof addr === "object" && addr ? addr.port : opts.port;
  return {
    port,
    url: `smtp://${host}:${port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
