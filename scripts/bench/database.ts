// A bench's own database: a fresh one on a PostgreSQL server the bench is pointed at (dropped
// after, unless kept), or a fresh embedded server in a folder of its own (stopped after).
import { randomBytes } from "node:crypto";
import pg from "pg";
import { startEmbeddedPostgres } from "@/lib/db/embedded";

export type BenchDatabase = {
  url: string;
  /** Drops the database (or stops the embedded server); with `keep`, only says what was kept. */
  close: () => Promise<void>;
};

/**
 * `server`: a PostgreSQL URL whose server gets a new database named herald_bench_<random> (the URL's
 * own database is only used to create and drop it); without one, an embedded server in `dataDir`.
 */
export async function openBenchDatabase(opts: { server?: string; dataDir: string; keep: boolean; say: (m: string) => void }): Promise<BenchDatabase> {
  if (opts.server) {
    const server = opts.server;
    const name = `herald_bench_${randomBytes(5).toString("hex")}`;
    const admin = async (sql: string) => {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(sql).finally(() => c.end());
    };
    await admin(`CREATE DATABASE "${name}"`);
    const u = new URL(server);
    u.pathname = `/${name}`;
    return {
      url: u.toString(),
      close: async () => {
        if (opts.keep) opts.say(`kept database ${name}`);
        else await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      },
    };
  }
  const embedded = await startEmbeddedPostgres(opts.dataDir, opts.say);
  return { url: embedded.url, close: () => embedded.stop() };
}
