-- CreateEnum
CREATE TYPE "OperatorTokenKind" AS ENUM ('invitation', 'password_reset');

-- AlterTable
ALTER TABLE "page_settings" ADD COLUMN     "demo" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "email_sender_name" TEXT,
ADD COLUMN     "sms_events" "NotificationKind"[] DEFAULT ARRAY['subscription_confirmation', 'incident_created', 'incident_resolved', 'maintenance_started']::"NotificationKind"[],
ADD COLUMN     "x_events" "NotificationKind"[] DEFAULT ARRAY['incident_created', 'incident_updated', 'incident_resolved', 'maintenance_scheduled', 'maintenance_reminder', 'maintenance_started', 'maintenance_completed']::"NotificationKind"[];

-- AlterTable
ALTER TABLE "incident" ADD COLUMN     "postmortem_notified_at" TIMESTAMPTZ(3),
ADD COLUMN     "postmortem_published_at" TIMESTAMPTZ(3),
ADD COLUMN     "postmortem_updated_at" TIMESTAMPTZ(3),
ADD COLUMN     "reminder_minutes" INTEGER DEFAULT 60;

-- AlterTable
ALTER TABLE "incident_update" ADD COLUMN     "edited_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "incident_template" ADD COLUMN     "channels" "Channel"[] DEFAULT ARRAY['email', 'sms', 'webhook', 'x']::"Channel"[],
ADD COLUMN     "components" JSONB NOT NULL DEFAULT '[]';

-- AlterTable
ALTER TABLE "operator" ADD COLUMN     "password_changed_at" TIMESTAMPTZ(3),
ALTER COLUMN "password_hash" DROP NOT NULL;

-- AlterTable
ALTER TABLE "api_key" ADD COLUMN     "role" "OperatorRole" NOT NULL DEFAULT 'editor';

-- CreateTable
CREATE TABLE "operator_token" (
    "id" TEXT NOT NULL DEFAULT herald_id(),
    "operator_id" TEXT NOT NULL,
    "kind" "OperatorTokenKind" NOT NULL,
    "token_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),

    CONSTRAINT "operator_token_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "operator_token_token_hash_key" ON "operator_token"("token_hash");

-- CreateIndex
CREATE INDEX "operator_token_operator_id_kind_idx" ON "operator_token"("operator_id", "kind");

-- CreateIndex
CREATE INDEX "audit_log_actor_type_actor_id_at_idx" ON "audit_log"("actor_type", "actor_id", "at");

-- AddForeignKey
ALTER TABLE "operator_token" ADD CONSTRAINT "operator_token_operator_id_fkey" FOREIGN KEY ("operator_id") REFERENCES "operator"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written rules (the differ does not know them).
ALTER TABLE "page_settings" ALTER COLUMN "sms_events" SET NOT NULL, ALTER COLUMN "x_events" SET NOT NULL;
ALTER TABLE "incident_template" ALTER COLUMN "channels" SET NOT NULL;
ALTER TABLE "incident" ADD CONSTRAINT "incident_reminder_minutes_range"
  CHECK ("reminder_minutes" IS NULL OR "reminder_minutes" BETWEEN 1 AND 10080);
ALTER TABLE "incident" ADD CONSTRAINT "incident_postmortem_published_has_body"
  CHECK ("postmortem_published_at" IS NULL OR "postmortem_body" IS NOT NULL);
ALTER TABLE "incident_template" ADD CONSTRAINT "incident_template_components_array"
  CHECK (jsonb_typeof("components") = 'array');
ALTER TABLE "api_key" ADD CONSTRAINT "api_key_role_not_owner" CHECK ("role" <> 'owner');
-- One unused link of each kind per operator: a new one replaces the old.
CREATE UNIQUE INDEX "operator_token_one_open" ON "operator_token" ("operator_id", "kind") WHERE "used_at" IS NULL;

-- Postmortems written before drafts existed were shown at once: they count as published.
UPDATE "incident" SET "postmortem_published_at" = "updated_at", "postmortem_updated_at" = "updated_at"
  WHERE "postmortem_body" IS NOT NULL;
-- A page still carrying the first-run demo (its seed name) is marked as such.
UPDATE "page_settings" SET "demo" = true WHERE "name" = 'Herald Demo';
