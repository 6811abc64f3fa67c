-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- Herald's ids: 12 lowercase base36 characters, like Statuspage's short opaque ids.
-- Taken from gen_random_uuid()'s random bytes (the version/variant bytes 6 and 8 are skipped).
CREATE FUNCTION herald_id() RETURNS text LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
  SELECT string_agg(substr('0123456789abcdefghijklmnopqrstuvwxyz', (get_byte(b, i) % 36) + 1, 1), '' ORDER BY i)
  FROM (SELECT decode(replace(gen_random_uuid()::text, '-', ''), 'hex') AS b) AS r,
       unnest(ARRAY[0, 1, 2, 3, 4, 5, 9, 10, 11, 12, 13, 14]) AS i
$$;

-- CreateEnum
CREATE TYPE "ComponentStatus" AS ENUM ('operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance');

-- CreateEnum
CREATE TYPE "IncidentKind" AS ENUM ('incident', 'maintenance');

-- CreateEnum
CREATE TYPE "IncidentStatus" AS ENUM ('investigating', 'identified', 'monitoring', 'resolved', 'postmortem', 'scheduled', 'in_progress', 'verifying', 'completed');

-- CreateEnum
CREATE TYPE "Impact" AS ENUM ('none', 'minor', 'major', 'critical', 'maintenance');

-- CreateEnum
CREATE TYPE "Channel" AS ENUM ('email', 'sms', 'webhook', 'x');

-- CreateEnum
CREATE TYPE "SubscriberState" AS ENUM ('unconfirmed', 'active', 'quarantined', 'unsubscribed');

-- CreateEnum
CREATE TYPE "NotificationKind" AS ENUM ('subscription_confirmation', 'incident_created', 'incident_updated', 'incident_resolved', 'maintenance_scheduled', 'maintenance_reminder', 'maintenance_started', 'maintenance_completed', 'component_status_changed');

-- CreateEnum
CREATE TYPE "FanoutState" AS ENUM ('pending', 'running', 'done');

-- CreateEnum
CREATE TYPE "DeliveryState" AS ENUM ('pending', 'sending', 'sent', 'retrying', 'failed', 'cancelled', 'unknown');

-- CreateEnum
CREATE TYPE "AttemptOutcome" AS ENUM ('sending', 'sent', 'retry', 'failed', 'unknown');

-- CreateEnum
CREATE TYPE "OperatorRole" AS ENUM ('owner', 'admin', 'editor');

-- CreateEnum
CREATE TYPE "ActorType" AS ENUM ('operator', 'api_key', 'cli', 'system', 'public');

-- CreateTable
CREATE TABLE "page_settings" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "page_id" TEXT NOT NULL DEFAULT herald_id(),
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL DEFAULT 'http://localhost:3000',
    "time_zone" TEXT NOT NULL DEFAULT 'Etc/UTC',
    "logo_url" TEXT,
    "brand_color" TEXT NOT NULL DEFAULT '#2563eb',
    "support_url" TEXT,
    "x_handle" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "page_settings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "component_group" (
    "id" TEXT NOT NULL DEFAULT herald_id(),
    "name" TEXT NOT NULL,
    "description" TEXT,
    "position" INTEGER NOT NULL,
    "collapsed" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "component_group_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "component" (
    "id" TEXT NOT NULL DEFAULT herald_id(),
    "group_id" TEXT,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "status" "ComponentStatus" NOT NULL DEFAULT 'operational',
    "position" INTEGER NOT NULL,
    "showcase" BOOLEAN NOT NULL DEFAULT true,
    "only_show_if_degraded" BOOLEAN NOT NULL DEFAULT false,
    "start_date" DATE,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "component_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "component_status_change" (
    "id" BIGSERIAL NOT NULL,
    "component_id" TEXT NOT NULL,
    "old_status" "ComponentStatus",
    "new_status" "ComponentStatus" NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "incident_update_id" TEXT,

    CONSTRAINT "component_status_change_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incident" (
    "id" TEXT NOT NULL DEFAULT herald_id(),
    "kind" "IncidentKind" NOT NULL DEFAULT 'incident',
    "name" TEXT NOT NULL,
    "status" "IncidentStatus" NOT NULL,
    "impact" "Impact" NOT NULL DEFAULT 'none',
    "impact_override" "Impact",
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "monitoring_at" TIMESTAMPTZ(3),
    "resolved_at" TIMESTAMPTZ(3),
    "scheduled_for" TIMESTAMPTZ(3),
    "scheduled_until" TIMESTAMPTZ(3),
    "auto_transition" BOOLEAN NOT NULL DEFAULT true,
    "reminder_sent_at" TIMESTAMPTZ(3),
    "postmortem_body" TEXT,
    "x_thread_post_id" TEXT,
    "created_by_id" TEXT,

    CONSTRAINT "incident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incident_component" (
    "incident_id" TEXT NOT NULL,
    "component_id" TEXT NOT NULL,

    CONSTRAINT "incident_component_pkey" PRIMARY KEY ("incident_id","component_id")
);

-- CreateTable
CREATE TABLE "incident_update" (
    "id" TEXT NOT NULL DEFAULT herald_id(),
    "incident_id" TEXT NOT NULL,
    "status" "IncidentStatus" NOT NULL,
    "body" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "display_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliver_notifications" BOOLEAN NOT NULL DEFAULT true,
    "custom_tweet" TEXT,
    "tweet_id" TEXT,
    "author_id" TEXT,

    CONSTRAINT "incident_update_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incident_update_component" (
    "update_id" TEXT NOT NULL,
    "component_id" TEXT NOT NULL,
    "old_status" "ComponentStatus" NOT NULL,
    "new_status" "ComponentStatus" NOT NULL,

    CONSTRAINT "incident_update_component_pkey" PRIMARY KEY ("update_id","component_id")
);

-- CreateTable
CREATE TABLE "incident_template" (
    "id" TEXT NOT NULL DEFAULT herald_id(),
    "name" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "status" "IncidentStatus" NOT NULL DEFAULT 'investigating',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "incident_template_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "subscriber" (
    "id" TEXT NOT NULL DEFAULT herald_id(),
    "channel" "Channel" NOT NULL,
    "address" TEXT NOT NULL,
    "state" "SubscriberState" NOT NULL DEFAULT 'unconfirmed',
    "confirm_token" TEXT,
    "manage_token" TEXT NOT NULL,
    "webhook_secret" TEXT,
    "source" TEXT NOT NULL DEFAULT 'form',
    "created_ip" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "confirmed_at" TIMESTAMPTZ(3),
    "unsubscribed_at" TIMESTAMPTZ(3),
    "quarantined_at" TIMESTAMPTZ(3),
    "consecutive_failures" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "subscriber_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "subscriber_component" (
    "subscriber_id" TEXT NOT NULL,
    "component_id" TEXT NOT NULL,

    CONSTRAINT "subscriber_component_pkey" PRIMARY KEY ("subscriber_id","component_id")
);

-- CreateTable
CREATE TABLE "notification" (
    "id" TEXT NOT NULL DEFAULT herald_id(),
    "kind" "NotificationKind" NOT NULL,
    "incident_id" TEXT,
    "incident_update_id" TEXT,
    "component_id" TEXT,
    "target_subscriber_id" TEXT,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "fanout_state" "FanoutState" NOT NULL DEFAULT 'pending',
    "fanout_cursor" TEXT,
    "fanout_lease_until" TIMESTAMPTZ(3),
    "fanned_out_at" TIMESTAMPTZ(3),

    CONSTRAINT "notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "delivery" (
    "id" TEXT NOT NULL DEFAULT herald_id(),
    "notification_id" TEXT NOT NULL,
    "subscriber_id" TEXT,
    "channel" "Channel" NOT NULL,
    "state" "DeliveryState" NOT NULL DEFAULT 'pending',
    "attempt_count" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lease_until" TIMESTAMPTZ(3),
    "locked_by" TEXT,
    "provider_id" TEXT,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "delivery_attempt" (
    "id" BIGSERIAL NOT NULL,
    "delivery_id" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "outcome" "AttemptOutcome" NOT NULL DEFAULT 'sending',
    "worker_id" TEXT,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "provider_id" TEXT,
    "response_code" INTEGER,
    "error" TEXT,

    CONSTRAINT "delivery_attempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "metric" (
    "id" TEXT NOT NULL DEFAULT herald_id(),
    "name" TEXT NOT NULL,
    "suffix" TEXT NOT NULL DEFAULT '',
    "description" TEXT,
    "displayed" BOOLEAN NOT NULL DEFAULT true,
    "decimal_places" INTEGER NOT NULL DEFAULT 0,
    "y_axis_min" DOUBLE PRECISION,
    "y_axis_max" DOUBLE PRECISION,
    "y_axis_hidden" BOOLEAN NOT NULL DEFAULT false,
    "transform" TEXT NOT NULL DEFAULT 'average',
    "position" INTEGER NOT NULL DEFAULT 0,
    "component_id" TEXT,
    "key" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "metric_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "metric_point" (
    "metric_id" TEXT NOT NULL,
    "timestamp" TIMESTAMPTZ(3) NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "metric_point_pkey" PRIMARY KEY ("metric_id","timestamp")
);

-- CreateTable
CREATE TABLE "operator" (
    "id" TEXT NOT NULL DEFAULT herald_id(),
    "email" TEXT NOT NULL,
    "name" TEXT,
    "password_hash" TEXT NOT NULL,
    "role" "OperatorRole" NOT NULL DEFAULT 'editor',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_login_at" TIMESTAMPTZ(3),
    "disabled_at" TIMESTAMPTZ(3),

    CONSTRAINT "operator_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "session" (
    "id" TEXT NOT NULL,
    "operator_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ip" TEXT,
    "user_agent" TEXT,

    CONSTRAINT "session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_key" (
    "id" TEXT NOT NULL DEFAULT herald_id(),
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "key_hash" TEXT NOT NULL,
    "operator_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_key_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_type" "ActorType" NOT NULL,
    "actor_id" TEXT,
    "action" TEXT NOT NULL,
    "target_type" TEXT,
    "target_id" TEXT,
    "data" JSONB,
    "ip" TEXT,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "worker_process" (
    "id" TEXT NOT NULL,
    "hostname" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "worker_process_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "captured_message" (
    "id" BIGSERIAL NOT NULL,
    "channel" "Channel" NOT NULL,
    "recipient" TEXT NOT NULL,
    "subject" TEXT,
    "text" TEXT,
    "html" TEXT,
    "headers" JSONB,
    "provider_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "captured_message_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "component_group_name_key" ON "component_group"("name");

-- CreateIndex
CREATE UNIQUE INDEX "component_name_key" ON "component"("name");

-- CreateIndex
CREATE INDEX "component_group_id_position_idx" ON "component"("group_id", "position");

-- CreateIndex
CREATE INDEX "component_status_change_component_id_at_idx" ON "component_status_change"("component_id", "at");

-- CreateIndex
CREATE INDEX "incident_kind_status_idx" ON "incident"("kind", "status");

-- CreateIndex
CREATE INDEX "incident_created_at_idx" ON "incident"("created_at");

-- CreateIndex
CREATE INDEX "incident_update_incident_id_display_at_idx" ON "incident_update"("incident_id", "display_at");

-- CreateIndex
CREATE UNIQUE INDEX "incident_template_name_key" ON "incident_template"("name");

-- CreateIndex
CREATE UNIQUE INDEX "subscriber_confirm_token_key" ON "subscriber"("confirm_token");

-- CreateIndex
CREATE UNIQUE INDEX "subscriber_manage_token_key" ON "subscriber"("manage_token");

-- CreateIndex
CREATE INDEX "subscriber_channel_state_id_idx" ON "subscriber"("channel", "state", "id");

-- CreateIndex
CREATE INDEX "subscriber_component_component_id_idx" ON "subscriber_component"("component_id");

-- CreateIndex
CREATE INDEX "notification_fanout_state_created_at_idx" ON "notification"("fanout_state", "created_at");

-- CreateIndex
CREATE INDEX "delivery_state_next_attempt_at_idx" ON "delivery"("state", "next_attempt_at");

-- CreateIndex
-- NULLS NOT DISTINCT: page-wide deliveries (subscriber_id NULL, the X account) are unique too (PostgreSQL 15+).
CREATE UNIQUE INDEX "delivery_notification_id_subscriber_id_channel_key" ON "delivery"("notification_id", "subscriber_id", "channel") NULLS NOT DISTINCT;

-- CreateIndex
CREATE UNIQUE INDEX "delivery_attempt_delivery_id_number_key" ON "delivery_attempt"("delivery_id", "number");

-- CreateIndex
CREATE UNIQUE INDEX "metric_key_key" ON "metric"("key");

-- CreateIndex
CREATE UNIQUE INDEX "operator_email_key" ON "operator"("email");

-- CreateIndex
CREATE INDEX "session_operator_id_idx" ON "session"("operator_id");

-- CreateIndex
CREATE UNIQUE INDEX "api_key_key_hash_key" ON "api_key"("key_hash");

-- CreateIndex
CREATE INDEX "audit_log_at_idx" ON "audit_log"("at");

-- CreateIndex
CREATE INDEX "audit_log_target_type_target_id_idx" ON "audit_log"("target_type", "target_id");

-- CreateIndex
CREATE INDEX "captured_message_channel_created_at_idx" ON "captured_message"("channel", "created_at");

-- AddForeignKey
ALTER TABLE "component" ADD CONSTRAINT "component_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "component_group"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "component_status_change" ADD CONSTRAINT "component_status_change_component_id_fkey" FOREIGN KEY ("component_id") REFERENCES "component"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "component_status_change" ADD CONSTRAINT "component_status_change_incident_update_id_fkey" FOREIGN KEY ("incident_update_id") REFERENCES "incident_update"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident" ADD CONSTRAINT "incident_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "operator"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_component" ADD CONSTRAINT "incident_component_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_component" ADD CONSTRAINT "incident_component_component_id_fkey" FOREIGN KEY ("component_id") REFERENCES "component"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_update" ADD CONSTRAINT "incident_update_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_update" ADD CONSTRAINT "incident_update_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "operator"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_update_component" ADD CONSTRAINT "incident_update_component_update_id_fkey" FOREIGN KEY ("update_id") REFERENCES "incident_update"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_update_component" ADD CONSTRAINT "incident_update_component_component_id_fkey" FOREIGN KEY ("component_id") REFERENCES "component"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subscriber_component" ADD CONSTRAINT "subscriber_component_subscriber_id_fkey" FOREIGN KEY ("subscriber_id") REFERENCES "subscriber"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subscriber_component" ADD CONSTRAINT "subscriber_component_component_id_fkey" FOREIGN KEY ("component_id") REFERENCES "component"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification" ADD CONSTRAINT "notification_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification" ADD CONSTRAINT "notification_incident_update_id_fkey" FOREIGN KEY ("incident_update_id") REFERENCES "incident_update"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification" ADD CONSTRAINT "notification_component_id_fkey" FOREIGN KEY ("component_id") REFERENCES "component"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification" ADD CONSTRAINT "notification_target_subscriber_id_fkey" FOREIGN KEY ("target_subscriber_id") REFERENCES "subscriber"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "delivery" ADD CONSTRAINT "delivery_notification_id_fkey" FOREIGN KEY ("notification_id") REFERENCES "notification"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "delivery" ADD CONSTRAINT "delivery_subscriber_id_fkey" FOREIGN KEY ("subscriber_id") REFERENCES "subscriber"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "delivery_attempt" ADD CONSTRAINT "delivery_attempt_delivery_id_fkey" FOREIGN KEY ("delivery_id") REFERENCES "delivery"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "metric" ADD CONSTRAINT "metric_component_id_fkey" FOREIGN KEY ("component_id") REFERENCES "component"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "metric_point" ADD CONSTRAINT "metric_point_metric_id_fkey" FOREIGN KEY ("metric_id") REFERENCES "metric"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "session" ADD CONSTRAINT "session_operator_id_fkey" FOREIGN KEY ("operator_id") REFERENCES "operator"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_key" ADD CONSTRAINT "api_key_operator_id_fkey" FOREIGN KEY ("operator_id") REFERENCES "operator"("id") ON DELETE CASCADE ON UPDATE CASCADE;
