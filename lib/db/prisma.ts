// The Prisma client for this process (Prisma 7: the pg driver adapter, no native engine).
// One per process, created on first use from the DATABASE_URL the process was started with
// (scripts set it before anything else runs, from the config or the embedded database).
//
// The adapter runs on a pg.Pool this file owns, and pgPool() hands out the same pool: the
// notifier's hot statements (claiming deliveries, recording outcomes: thousands a second) go to it
// directly. Prisma's query layer costs about 0.3 ms of CPU per statement on top of pg's, which a
// worker sending webhooks at several thousand a second cannot spare. Everything else uses Prisma.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { Prisma, PrismaClient } from "@/lib/generated/prisma/client";

export type Db = PrismaClient;
/** The client handed to a `$transaction(async (tx) => …)` callback. */
export type Tx = Prisma.TransactionClient;

const pools = new WeakMap<PrismaClient, pg.Pool>();

export function createPrisma(databaseUrl: string, poolSize = 10): PrismaClient {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
  // $disconnect() ends the pool too, as it would a pool the adapter made itself.
  const client = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(client, pool);
  return client;
}

const globalForPrisma = globalThis as unknown as { heraldPrisma?: PrismaClient };

export function db(): PrismaClient {
  if (!globalForPrisma.heraldPrisma) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start Herald with `npm start` or set DATABASE_URL");
    globalForPrisma.heraldPrisma = createPrisma(url);
  }
  return globalForPrisma.heraldPrisma;
}

/** The pg pool under db(), for the few statements that run too often to pay Prisma's overhead. */
export function pgPool(): pg.Pool {
  const pool = pools.get(db());
  if (!pool) throw new Error("the Prisma client in use was not made by createPrisma: it has no pg pool to share");
  return pool;
}

const genericPools = new WeakMap<pg.Pool, pg.Pool>();

/**
 * A small pool beside pgPool() whose sessions use one generic plan per prepared statement
 * (plan_cache_mode = force_generic_plan), for the email and webhook delivery claim only. Postgres
 * otherwise plans that statement anew on every execution (custom plans: it never judges the
 * generic one cheaper), and planning was about 40 % of its cost: 89–94 against 46–56 µs of
 * Postgres CPU a claimed row (npm run bench:delivery-sql). The claim is written so that any plan is
 * index lookups (deliver.ts CLAIM_SQL). Everything else keeps custom plans, which is why it is a
 * pool of its own: the setting holds for every statement of a session, Prisma's unnamed ones too.
 * Its idle connections do not keep a process alive, and close after 10 s.
 */
export function genericPlanPool(): pg.Pool {
  const main = pgPool();
  let pool = genericPools.get(main);
  if (!pool) {
    pool = new pg.Pool({ ...main.options, max: 2, idleTimeoutMillis: 10_000, allowExitOnIdle: true });
    // Set on each new connection, ahead of anything else it runs (a client's queries go in order),
    // rather than as a startup option, which connection poolers such as PgBouncer refuse by default.
    // Should the SET fail, the connection keeps custom plans: slower claims, the same rows.
    pool.on("connect", (client) => void client.query("SET plan_cache_mode = force_generic_plan").catch(() => undefined));
    // An idle connection the server closed (a restart, a dropped test database) leaves the pool; the
    // next query opens another.
    pool.on("error", () => undefined);
    genericPools.set(main, pool);
  }
  return pool;
}

/** For tests and scripts that manage their own client. */
export function setDb(client: PrismaClient | undefined): void {
  globalForPrisma.heraldPrisma = client;
}
