-- Rules Prisma's schema language cannot express. The database refuses what must never be.

-- One page.
ALTER TABLE "page_settings" ADD CONSTRAINT "page_settings_singleton" CHECK ("id" = 1);
ALTER TABLE "page_settings" ADD CONSTRAINT "page_settings_brand_color" CHECK ("brand_color" ~ '^#[0-9a-fA-F]{6}$');

ALTER TABLE "component" ADD CONSTRAINT "component_name_not_blank" CHECK (btrim("name") <> '');
ALTER TABLE "component_group" ADD CONSTRAINT "component_group_name_not_blank" CHECK (btrim("name") <> '');

-- Incident statuses belong to incidents, maintenance statuses to maintenances.
ALTER TABLE "incident" ADD CONSTRAINT "incident_status_matches_kind" CHECK (
  ("kind" = 'incident' AND "status" IN ('investigating', 'identified', 'monitoring', 'resolved', 'postmortem'))
  OR ("kind" = 'maintenance' AND "status" IN ('scheduled', 'in_progress', 'verifying', 'completed'))
);
ALTER TABLE "incident" ADD CONSTRAINT "incident_maintenance_window" CHECK (
  "kind" <> 'maintenance' OR ("scheduled_for" IS NOT NULL AND "scheduled_until" IS NOT NULL AND "scheduled_until" > "scheduled_for")
);
ALTER TABLE "incident" ADD CONSTRAINT "incident_resolved_at" CHECK (
  ("status" IN ('resolved', 'postmortem', 'completed')) = ("resolved_at" IS NOT NULL)
);
ALTER TABLE "incident" ADD CONSTRAINT "incident_name_not_blank" CHECK (btrim("name") <> '');
ALTER TABLE "incident_update" ADD CONSTRAINT "incident_update_status_is_valid" CHECK ("status" IS NOT NULL);

-- Subscribers: addresses are stored normalised, and one live subscription per channel and address.
ALTER TABLE "subscriber" ADD CONSTRAINT "subscriber_channel" CHECK ("channel" IN ('email', 'sms', 'webhook'));
ALTER TABLE "subscriber" ADD CONSTRAINT "subscriber_email_address" CHECK (
  "channel" <> 'email' OR ("address" = lower("address") AND "address" ~ '^[^@\s]+@[^@\s]+$')
);
ALTER TABLE "subscriber" ADD CONSTRAINT "subscriber_sms_address" CHECK ("channel" <> 'sms' OR "address" ~ '^\+[1-9][0-9]{6,14}$');
ALTER TABLE "subscriber" ADD CONSTRAINT "subscriber_webhook_address" CHECK ("channel" <> 'webhook' OR "address" ~ '^https?://');
ALTER TABLE "subscriber" ADD CONSTRAINT "subscriber_webhook_secret" CHECK (
  ("channel" = 'webhook') = ("webhook_secret" IS NOT NULL) AND ("webhook_secret" IS NULL OR "webhook_secret" ~ '^whsec_[A-Za-z0-9+/=]{16,}$')
);
ALTER TABLE "subscriber" ADD CONSTRAINT "subscriber_active_is_confirmed" CHECK ("state" <> 'active' OR "confirmed_at" IS NOT NULL);
ALTER TABLE "subscriber" ADD CONSTRAINT "subscriber_unsubscribed_at" CHECK (("state" = 'unsubscribed') = ("unsubscribed_at" IS NOT NULL));
CREATE UNIQUE INDEX "subscriber_live_address_key" ON "subscriber" ("channel", "address") WHERE "state" <> 'unsubscribed';

-- A confirmation goes to one subscriber, every other notification to everyone who matches.
ALTER TABLE "notification" ADD CONSTRAINT "notification_target" CHECK (
  ("kind" = 'subscription_confirmation') = ("target_subscriber_id" IS NOT NULL)
);
-- Workers find fan-outs still to do without scanning finished ones.
CREATE INDEX "notification_fanout_todo_idx" ON "notification" ("created_at") WHERE "fanout_state" <> 'done';

-- Deliveries belong to a subscriber, except those of the page-wide X account.
ALTER TABLE "delivery" ADD CONSTRAINT "delivery_subscriber" CHECK (("subscriber_id" IS NULL) = ("channel" = 'x'));
ALTER TABLE "delivery" ADD CONSTRAINT "delivery_sent_at" CHECK (("state" = 'sent') = ("sent_at" IS NOT NULL));
ALTER TABLE "delivery" ADD CONSTRAINT "delivery_attempt_count" CHECK ("attempt_count" >= 0);
CREATE INDEX "delivery_due_idx" ON "delivery" ("next_attempt_at") WHERE "state" IN ('pending', 'retrying');
CREATE INDEX "delivery_notification_state_idx" ON "delivery" ("notification_id", "state");
ALTER TABLE "delivery_attempt" ADD CONSTRAINT "delivery_attempt_number" CHECK ("number" >= 1);

ALTER TABLE "metric" ADD CONSTRAINT "metric_transform" CHECK ("transform" IN ('average', 'sum', 'min', 'max', 'last'));
ALTER TABLE "metric" ADD CONSTRAINT "metric_decimal_places" CHECK ("decimal_places" BETWEEN 0 AND 6);

ALTER TABLE "operator" ADD CONSTRAINT "operator_email_lower" CHECK ("email" = lower("email") AND "email" ~ '^[^@\s]+@[^@\s]+$');
ALTER TABLE "operator" ADD CONSTRAINT "operator_password_hash" CHECK ("password_hash" LIKE '$argon2id$%');

-- The audit log is append-only.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END
$$;
CREATE TRIGGER "audit_log_append_only" BEFORE UPDATE OR DELETE ON "audit_log"
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
