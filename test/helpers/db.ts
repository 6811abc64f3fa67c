// The test database for integration tests. Call setupTestDatabase() at the top of a test file:
// it points DATABASE_URL (and so db() from lib/db/prisma.ts) at the database global setup made,
// empties every table before each test, and closes the client after the file.
import { afterAll, beforeEach, inject } from "vitest";
import { db, setDb } from "@/lib/db/prisma";

export function testDatabaseUrl(): string {
  return inject("databaseUrl");
}

export function setupTestDatabase(): string {
  const url = testDatabaseUrl();
  process.env.DATABASE_URL = url;
  setDb(undefined);
  beforeEach(async () => {
    await resetDatabase();
  });
  afterAll(async () => {
    await db().$disconnect();
    setDb(undefined);
  });
  return url;
}

let tables: string[] | undefined;

/** Empties every table but Prisma's migration record, and the job queue. */
export async function resetDatabase(): Promise<void> {
  const client = db();
  tables ??= (
    await client.$queryRaw<{ tablename: string }[]>`
      SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`
  ).map((t) => `"public"."${t.tablename}"`);
  // TRUNCATE fires no row triggers, so the append-only audit log can be emptied too.
  // A snapshot being rebuilt in the background (lib/public/cache.ts) holds read locks: TRUNCATE may
  // deadlock with it and lose. Try again.
  for (let attempt = 1; tables.length; attempt++) {
    try {
      await client.$executeRawUnsafe(`TRUNCATE ${tables.join(", ")} RESTART IDENTITY CASCADE`);
      break;
    } catch (e) {
      if (attempt >= 5 || !String((e as Error).message).includes("40P01")) throw e;
    }
  }
  await client.$executeRawUnsafe(`DELETE FROM graphile_worker._private_jobs`);
}

/** Rows in each of the given tables (public schema), for "nothing was written" checks. */
export async function countRows(names: readonly string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const name of names) {
    const [row] = await db().$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "public"."${name}"`);
    out[name] = Number(row?.n ?? 0);
  }
  return out;
}

export type QueuedJob = { task_identifier: string; key: string | null; payload: unknown };

/** The graphile-worker jobs waiting in the queue (the jobs view has no payload: read it too). */
export async function queuedJobs(): Promise<QueuedJob[]> {
  return db().$queryRaw<QueuedJob[]>`
    SELECT j.task_identifier, j.key, p.payload
    FROM graphile_worker.jobs j JOIN graphile_worker._private_jobs p ON p.id = j.id
    ORDER BY j.id`;
}

/** A component to point incidents and subscriptions at. */
export async function makeComponent(name: string, position = 0, status: "operational" | "degraded_performance" | "partial_outage" | "major_outage" | "under_maintenance" = "operational") {
  return db().component.create({ data: { name, position, status } });
}
