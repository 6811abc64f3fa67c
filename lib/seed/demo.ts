// First-run seed: the page's settings row and, unless HERALD_DEMO=false, a demo page (a group of
// components, an ungrouped one, one past incident with its status history, two metrics), marked
// demo so the dashboard offers "Start fresh" (lib/demo/remove.ts). Runs only when the page has
// never been set up. The owner account is lib/operators/ensure-owner.ts's.
import type { Config } from "@/lib/config";
import { db, type Tx } from "@/lib/db/prisma";
import { Prisma } from "@/lib/generated/prisma/client";
import { DEFAULT_PAGE_NAME } from "@/lib/settings/get";

/** seeded: this call set the page up (first run); demo: with the demo content. */
export type SeedResult = { seeded: boolean; demo: boolean };

/** The demo page's name: "Start fresh" renames a page still called this. */
export const DEMO_PAGE_NAME = "Herald Demo";

/**
 * The page's settings row with its defaults, when there is none (a web process started alone on
 * an empty database). Looks first: an INSERT that does nothing still tells every web process the
 * page changed (the statement trigger). Returns whether it wrote the row.
 */
export async function ensurePageSettings(config: Config): Promise<boolean> {
  const client = db();
  if (await client.pageSettings.findUnique({ where: { id: 1 }, select: { id: true } })) return false;
  const inserted = await client.$executeRaw`INSERT INTO page_settings (id, name, url, demo) VALUES (1, ${DEFAULT_PAGE_NAME}, ${config.publicUrl}, false)
    ON CONFLICT (id) DO NOTHING`;
  return inserted > 0;
}

/**
 * A point every 5 minutes from `from` to `to`, in one statement: a daily curve peaking at 14:00 UTC,
 * quieter weekends, noise, and a spike while the demo incident lasted (a fast rise, a plateau, a drain).
 */
async function seedMetricPoints(tx: Tx, metricId: string, shape: "queue" | "latency", from: Date, to: Date, spikeFrom: Date, spikeTo: Date): Promise<void> {
  // Both shapes share the parts; only the coefficients differ (fixed SQL, no input in it).
  const value =
    shape === "queue"
      ? Prisma.sql`25 + 160 * daily * weekday + random() * 20 * (0.5 + daily) + spike * (4200 + random() * 300)`
      : Prisma.sql`140 + 90 * daily * weekday + random() * 35 + CASE WHEN random() < 0.01 THEN random() * 400 ELSE 0 END + spike * (9000 + random() * 2500)`;
  await tx.$executeRaw`
    INSERT INTO metric_point (metric_id, "timestamp", value)
    SELECT ${metricId}, t, round(greatest(0, ${value})::numeric)::float8
    FROM (
      SELECT t,
             0.5 + 0.5 * cos(2 * pi() * (extract(epoch FROM t)::float8 / 86400 - 14.0 / 24)) AS daily,
             CASE WHEN extract(isodow FROM t AT TIME ZONE 'UTC') IN (6, 7) THEN 0.55 ELSE 1 END AS weekday,
             CASE WHEN t >= ${spikeFrom}::timestamptz AND t < ${spikeTo}::timestamptz
                  THEN sqrt(sin(pi() * extract(epoch FROM t - ${spikeFrom}::timestamptz)::float8 / extract(epoch FROM ${spikeTo}::timestamptz - ${spikeFrom}::timestamptz)::float8))
                  ELSE 0 END AS spike
      FROM generate_series(date_bin('5 minutes', ${from}::timestamptz, TIMESTAMPTZ 'epoch'), ${to}::timestamptz, interval '5 minutes') AS t
    ) AS s`;
}

export async function seedIfEmpty(config: Config): Promise<SeedResult> {
  const client = db();
  if (!config.HERALD_DEMO) return { seeded: await ensurePageSettings(config), demo: false };
  // Claim the first run atomically: two processes starting at once seed once.
  const claimed = await client.$executeRaw`INSERT INTO page_settings (id, name, url, demo) VALUES (1, ${DEMO_PAGE_NAME}, ${config.publicUrl}, true)
    ON CONFLICT (id) DO NOTHING`;
  if (claimed === 0) return { seeded: false, demo: false };

  const day = 86_400_000;
  const now = Date.now();
  await client.$transaction(async (tx) => {
    const mail = await tx.componentGroup.create({ data: { name: "Mail delivery", description: "Sending and receiving mail", position: 1 } });
    const api = await tx.component.create({ data: { name: "API", description: "The public REST API", position: 0, startDate: new Date(now - 120 * day) } });
    const smtp = await tx.component.create({
      data: { name: "SMTP relay", description: "Outbound mail submission", position: 0, groupId: mail.id, startDate: new Date(now - 120 * day) },
    });
    await tx.component.create({ data: { name: "IMAP", description: "Mailbox access", position: 1, groupId: mail.id, startDate: new Date(now - 120 * day) } });
    await tx.component.create({ data: { name: "Webmail", description: "Mail in the browser", position: 2, groupId: mail.id, startDate: new Date(now - 60 * day) } });
    await tx.component.create({ data: { name: "Website", position: 2, startDate: new Date(now - 120 * day) } });

    // A past incident: delivery delays on the SMTP relay, three days ago, resolved after 2 hours.
    const started = new Date(now - 3 * day);
    const resolved = new Date(started.getTime() + 2 * 3_600_000);
    const incident = await tx.incident.create({
      data: {
        name: "Delayed outbound mail",
        status: "resolved",
        impact: "minor",
        startedAt: started,
        createdAt: started,
        resolvedAt: resolved,
        components: { create: [{ componentId: smtp.id }] },
      },
    });
    const first = await tx.incidentUpdate.create({
      data: {
        incidentId: incident.id,
        status: "investigating",
        body: "Outgoing mail is queueing for up to 20 minutes. We are investigating.",
        createdAt: started,
        displayAt: started,
        affectedComponents: { create: [{ componentId: smtp.id, oldStatus: "operational", newStatus: "degraded_performance" }] },
      },
    });
    const last = await tx.incidentUpdate.create({
      data: {
        incidentId: incident.id,
        status: "resolved",
        body: "The queue has drained and mail is delivered without delay.",
        createdAt: resolved,
        displayAt: resolved,
        affectedComponents: { create: [{ componentId: smtp.id, oldStatus: "degraded_performance", newStatus: "operational" }] },
      },
    });
    await tx.componentStatusChange.createMany({
      data: [
        { componentId: smtp.id, oldStatus: "operational", newStatus: "degraded_performance", at: started, incidentUpdateId: first.id },
        { componentId: smtp.id, oldStatus: "degraded_performance", newStatus: "operational", at: resolved, incidentUpdateId: last.id },
      ],
    });
    void api;

    // Two public metrics with a month of history, the incident above visible as a spike.
    const queue = await tx.metric.create({
      data: {
        name: "Outbound queue size",
        suffix: " messages",
        description: "Messages waiting in the SMTP relay's outbound queue",
        transform: "average",
        position: 0,
        componentId: smtp.id,
      },
    });
    const latency = await tx.metric.create({
      data: {
        name: "Delivery latency",
        suffix: " ms",
        description: "Time from submission to hand-over to the recipient's mail server",
        transform: "average",
        position: 1,
        componentId: smtp.id,
      },
    });
    await seedMetricPoints(tx, queue.id, "queue", new Date(now - 31 * day), new Date(now), started, resolved);
    await seedMetricPoints(tx, latency.id, "latency", new Date(now - 31 * day), new Date(now), started, resolved);
  });
  return { seeded: true, demo: true };
}
