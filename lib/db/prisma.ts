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

/** For tests and scripts that manage their own client. */
export function setDb(client: PrismaClient | undefined): void {
  globalForPrisma.heraldPrisma = client;
}
