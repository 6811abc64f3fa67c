// Which PostgreSQL a process uses: DATABASE_URL when set, otherwise the embedded server in
// HERALD_DATA_DIR (started for as long as this process needs it, or shared if already running).
import type { Config } from "@/lib/config";
import { startEmbeddedPostgres } from "@/lib/db/embedded";

export type ResolvedDatabase = { url: string; embedded: boolean; owned: boolean; stop: () => Promise<void> };

export async function resolveDatabase(config: Config, log: (m: string) => void = () => {}): Promise<ResolvedDatabase> {
  if (config.DATABASE_URL) {
    return { url: config.DATABASE_URL, embedded: false, owned: false, stop: async () => {} };
  }
  const db = await startEmbeddedPostgres(config.HERALD_DATA_DIR, log);
  return { url: db.url, embedded: true, owned: db.owned, stop: db.stop };
}
