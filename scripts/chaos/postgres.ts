// The chaos run's own PostgreSQL: the embedded server (lib/db/embedded.ts) in a folder of its own,
// which the harness can stop and start again on the same port and data folder (the Postgres
// restart scenario).
import fs from "node:fs";
import path from "node:path";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "@/lib/db/embedded";

export type ChaosPostgres = {
  url: string;
  port: number;
  /** Fast shutdown (SIGINT), waiting until the server is gone. */
  stop(): Promise<void>;
  /** Start again on the same port and data folder, waiting until it accepts connections. */
  start(): Promise<void>;
};

export async function startChaosPostgres(dir: string, log: (m: string) => void): Promise<ChaosPostgres> {
  const root = path.resolve(dir);
  fs.mkdirSync(root, { recursive: true });
  // As root the server runs as the "postgres" user, which must reach its data folder.
  fs.chmodSync(root, 0o755);
  let server: EmbeddedDatabase | undefined = await startEmbeddedPostgres(root, log);
  const url = server.url;
  const port = Number(new URL(url).port);
  return {
    url,
    port,
    async stop() {
      await server?.stop();
      server = undefined;
    },
    async start() {
      if (server) return;
      server = await startEmbeddedPostgres(root, () => undefined, { port });
      if (server.url !== url) throw new Error(`PostgreSQL came back at ${server.url}, not ${url}: the port was taken`);
    },
  };
}
