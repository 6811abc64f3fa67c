// The job queue's task names and payloads, shared by whoever enqueues and the worker.
export const TASKS = {
  /** Expand one notification (outbox row) into delivery rows. */
  fanout: "fanout",
  /** Send the due deliveries of one notification. */
  deliver: "deliver",
  /** Mail one operator an invitation or a password-reset link (lib/operators/mail.ts). */
  operatorMail: "operator_mail",
} as const;

export type FanoutPayload = { notificationId: string };
export type DeliverPayload = { notificationId: string };
/** The link's token itself must be mailed, so it rides in the job until the job completes (then the row is gone). */
export type OperatorMailPayload = { kind: "invitation" | "password_reset"; token: string; invitedBy?: string };
