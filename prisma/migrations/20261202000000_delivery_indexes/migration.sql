-- The delivery table's indexes, fitted to the statements that read it. A delivery's row is updated
-- at least twice (sending, then its outcome) and, since its state changes, every update writes an
-- entry into each index whose predicate the new row meets: fewer, partial indexes are Postgres's
-- main cost per message (npm run bench:delivery-sql).
-- Hand-written: Prisma's differ does not see partial indexes (docs/decisions/0001).

-- Gone: (state, next_attempt_at) and (notification_id, state) took an entry on every update.
-- Claims read delivery_claim_idx; per-notification figures read the unique key, which leads with
-- notification_id; the queries by state below have partial indexes of their own.
DROP INDEX "delivery_state_next_attempt_at_idx";
DROP INDEX "delivery_notification_state_idx";

-- Deliveries in flight: crash recovery (leases run out) and the in-flight gauge. Few rows at a time.
CREATE INDEX "delivery_sending_idx" ON "delivery" ("lease_until") WHERE "state" = 'sending';

-- "Sent in the last minute" (lib/notify/stats.ts: the worker's metrics every 30 s and every /metrics
-- scrape) read every sent row through the state index: millions after a few months. Sent rows get
-- their sent_at once, in increasing order, so this index only ever grows at its right-hand end.
CREATE INDEX "delivery_sent_recent_idx" ON "delivery" ("sent_at") WHERE "sent_at" IS NOT NULL;

-- "Failed in the last minute", likewise.
CREATE INDEX "delivery_failed_recent_idx" ON "delivery" ("updated_at") WHERE "state" = 'failed';
