// The Prisma client for this process (Prisma 7: the pg driver adapter, no native engine).
// One per process, created on first use from the DATABASE_URL the process was started with
// (scripts set it before anything else runs, from the config or the embedded database).
import { PrismaPg } from "@prisma/adapter-pg";
import { Prisma, PrismaClient } from "@/lib/generated/prisma/client";

export type Db = PrismaClient;
/** The client handed to a `$transaction(async (tx) => …)` callback. */
export type Tx = Prisma.TransactionClient;

export function createPrisma(databaseUrl: string, poolSize = 10): PrismaClient {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: poolSize });
  return new PrismaClient({ adapter });
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

/** For tests and scripts that manage their own client. */
export function setDb(client: PrismaClient | undefined): void {
  globalForPrisma.heraldPrisma = client;
}
