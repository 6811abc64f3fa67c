-- "Sent in the last minute" (lib/notify/stats.ts: the worker's metrics every 30 s and every /metrics
-- scrape) read every sent row through the state index: millions after a few months. Sent rows get
-- their sent_at once, in increasing order, so this index only ever grows at its right-hand end.
-- Hand-written: Prisma's differ does not see partial indexes (docs/decisions/0001).
CREATE INDEX "delivery_sent_recent_idx" ON "delivery" ("sent_at") WHERE "sent_at" IS NOT NULL;
