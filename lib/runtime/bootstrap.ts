// Start-up shared by every Herald process (npm start, web, worker, the admin CLI, db:migrate):
// read .env, parse the configuration once, find the database (DATABASE_URL or the embedded one),
// apply migrations, and export DATABASE_URL so the Prisma client and child processes use it.
import { ConfigError, getConfig, loadDotEnv, type Config } from "@/lib/config";
import { migrate } from "@/lib/db/migrate";
import { resolveDatabase, type ResolvedDatabase } from "@/lib/db/resolve";

export type Runtime = { config: Config; database: ResolvedDatabase };

export async function bootstrap(opts: { migrate?: boolean; log?: (m: string) => void } = {}): Promise<Runtime> {
  const log = opts.log ?? ((m: string) => console.error(`[herald] ${m}`));
  loadDotEnv();
  let config: Config;
  try {
    config = getConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  const database = await resolveDatabase(config, log);
  process.env.DATABASE_URL = database.url;
  if (opts.migrate !== false) await migrate(database.url, log);
  return { config, database };
}
