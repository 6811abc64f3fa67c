-- Provider receipts (Twilio status callbacks) and crash reconciliation for SMS and X.
ALTER TABLE "delivery" ADD COLUMN "provider_status" TEXT,
  ADD COLUMN "provider_status_at" TIMESTAMPTZ(3),
  ADD COLUMN "reconcile_since" TIMESTAMPTZ(3);
ALTER TABLE "delivery" ADD CONSTRAINT "delivery_reconcile_channel" CHECK ("reconcile_since" IS NULL OR "channel" IN ('sms', 'x'));

-- Sends of rate-limited channels, counted across every worker.
CREATE TABLE "send_window" (
  "id" BIGSERIAL NOT NULL,
  "channel" "Channel" NOT NULL,
  "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "send_window_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "send_window_channel_at_idx" ON "send_window"("channel", "at");

-- Claiming the next due deliveries of one notification and channel reads this index in order,
-- instead of sorting every pending row of a 100k fan-out on each claim.
CREATE INDEX "delivery_claim_idx" ON "delivery" ("notification_id", "channel", "next_attempt_at", "id") WHERE "state" IN ('pending', 'retrying');
