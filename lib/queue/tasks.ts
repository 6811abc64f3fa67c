// The job queue's task names and payloads, shared by whoever enqueues and the worker.
export const TASKS = {
  /** Expand one notification (outbox row) into delivery rows. */
  fanout: "fanout",
  /** Send the due deliveries of one notification. */
  deliver: "deliver",
} as const;

export type FanoutPayload = { notificationId: string };
export type DeliverPayload = { notificationId: string };
