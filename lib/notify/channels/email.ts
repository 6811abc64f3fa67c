// Email through nodemailer's pooled SMTP transport.
import nodemailer from "nodemailer";
import type SMTPPool from "nodemailer/lib/smtp-pool";
import type { ChannelDefinition, ChannelSender, OutboundMessage, SendOutcome } from "@/lib/notify/channels/types";
import { fromHeader } from "@/lib/settings/sender";

type SmtpError = Error & { responseCode?: number; code?: string; command?: string };

/** SMTP's own verdict: 5xx is permanent, 4xx and lost connections are worth another try. */
export function classifySmtpError(e: SmtpError): SendOutcome {
  const reason = `${e.code ?? "ERROR"}${e.responseCode ? ` ${e.responseCode}` : ""}: ${e.message}`.slice(0, 500);
  if (e.responseCode && e.responseCode >= 500 && e.responseCode < 600) return { kind: "failed", error: reason };
  return { kind: "retry", error: reason };
}

export const email: ChannelDefinition = {
  channel: "email",
  // Two messages per pooled connection keep every connection busy while one waits for its answer.
  concurrency: (config) => config.HERALD_EMAIL_CONCURRENCY || config.SMTP_POOL_CONNECTIONS * 2,
  configure(config) {
    if (!config.SMTP_URL) return { on: false, reason: "SMTP_URL is not set" };
    const url = config.SMTP_URL;
    return {
      on: true,
      open(): ChannelSender {
        const transport = nodemailer.createTransport({
          url,
          pool: true,
          maxConnections: config.SMTP_POOL_CONNECTIONS,
          ...(config.SMTP_RATE_PER_SECOND > 0 ? { rateDelta: 1000, rateLimit: config.SMTP_RATE_PER_SECOND } : {}),
          // Long timeouts on purpose: giving up on a server that already has the message is how
          // SMTP sends duplicates. A stuck send is recovered by the delivery lease instead.
          connectionTimeout: 30_000,
          greetingTimeout: 30_000,
          socketTimeout: 10 * 60_000,
        } as SMTPPool.Options);
        return {
          async send(m: OutboundMessage): Promise<SendOutcome> {
            if (!m.to) return { kind: "failed", error: "no recipient" };
            try {
              const info = await transport.sendMail({
                from: fromHeader(config.SMTP_FROM, m.fromName),
                to: m.to,
                subject: m.subject,
                text: m.text,
                html: m.html,
                // The same Message-ID on every resend lets mail clients and servers drop duplicates.
                messageId: m.idempotencyKey,
                ...(m.threadKey ? { inReplyTo: m.threadKey, references: [m.threadKey] } : {}),
                // RFC 8058 one-click unsubscribe: mail clients POST to this URL.
                ...(m.links.oneClick ? { list: { unsubscribe: { url: m.links.oneClick, comment: "Unsubscribe" } } } : {}),
                headers: m.links.oneClick ? { "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" } : {},
              });
              return { kind: "sent", providerId: info.messageId ?? m.idempotencyKey };
            } catch (e) {
              return classifySmtpError(e as SmtpError);
            }
          },
          async close() {
            transport.close();
          },
        };
      },
    };
  },
};
