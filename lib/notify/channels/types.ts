// The one contract every channel implements. A channel file (email.ts, sms.ts, webhook.ts,
// x.ts) is the only place its provider SDK is imported (enforced by eslint.config.mjs).
import type { Config } from "@/lib/config";
import type { Channel } from "@/lib/vocabulary";

/** What to say, already composed, plus who to say it to and how to thread it. */
export type OutboundMessage = {
  deliveryId: string;
  notificationId: string;
  channel: Channel;
  /** The subscriber's address (email, E.164 number, URL); null for page-wide channels (X). */
  to: string | null;
  subject: string;
  text: string;
  html: string;
  /** Stable across every resend of this delivery (email Message-ID, webhook-id). */
  idempotencyKey: string;
  /** Groups the messages of one incident (email threading, X replies). */
  threadKey: string | null;
  /** unsubscribe: the page a person opens; oneClick: the RFC 8058 POST endpoint for List-Unsubscribe. */
  links: { unsubscribe: string | null; oneClick: string | null; page: string };
  /** X: the post this one replies to (the incident's first post), so an incident reads as a thread. */
  replyTo?: string | null;
  /** X: the operator's own post for this update, posted exactly as written (else one is fitted from subject and text). */
  post?: string | null;
  /** Webhooks: the body, serialized JSON in Statuspage's payload shape (the exact bytes signed and sent). */
  json?: string;
  webhookSecret?: string | null;
  /** Email: the sender's display name (the page's setting); the address is SMTP_FROM's. */
  fromName?: string | null;
};

export type SendOutcome =
  | { kind: "sent"; providerId: string | null }
  /** Worth trying again; retryAfterMs when the provider said when (Retry-After). */
  | { kind: "retry"; error: string; retryAfterMs?: number }
  /** Permanent: trying again cannot help (invalid recipient, rejected content). */
  | { kind: "failed"; error: string };

export interface ChannelSender {
  send(message: OutboundMessage): Promise<SendOutcome>;
  /**
   * For channels whose provider honours no idempotency key (SMS, X). A crash left this
   * message's outcome unknown: did it go out after `since`? The provider's id if it did, null if
   * it surely did not; throws when the provider cannot tell (the delivery then waits and asks again).
   */
  findSent?(message: OutboundMessage, since: Date): Promise<string | null>;
  close(): Promise<void>;
}

export type ChannelState = { on: true; open: () => ChannelSender } | { on: false; reason: string };

/** When to try a failed send again, and when to give up. */
export type RetryPolicy = {
  maxAttempts: number;
  /** Delay before the next attempt, after `attempt` attempts have failed (1 = the first). */
  delayMs(attempt: number, retryAfterMs?: number): number;
};

export interface ChannelDefinition {
  channel: Channel;
  /** The channel's own schedule; without one, exponential backoff with jitter (lib/notify/deliver.ts). */
  retry?: RetryPolicy;
  /** How many messages of this channel one worker sends at once. */
  concurrency(config: Config): number;
  /** On with a way to open a sender, or off with the reason a person can act on. */
  configure(config: Config): ChannelState;
}
