// Vitest global setup: one fresh, migrated database for the whole run, dropped at the end.
//  - TEST_DATABASE_URL set: a new database herald_test_<random> on that server (created through
//    a connection to the URL's own database).
//  - otherwise: the embedded PostgreSQL (lib/db/embedded.ts) in a new folder under the OS temp
//    folder, with a new database on it; the server is stopped and the folder removed afterwards.
// Test files read the URL with inject("databaseUrl") (see test/helpers/db.ts).
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

const log = (m: string) => console.error(`[test db] ${m}`);

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export default async function setup(project: TestProject) {
  const name = `herald_test_${randomBytes(6).toString("hex")}`;
  const cleanups: (() => Promise<void>)[] = [];
  let serverUrl: string;

  if (process.env.TEST_DATABASE_URL) {
    serverUrl = process.env.TEST_DATABASE_URL;
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "herald-test-"));
    // As root the embedded server runs as the "postgres" user, which must reach its data folder.
    fs.chmodSync(dir, 0o755);
    const server = await startEmbeddedPostgres(dir, log);
    serverUrl = server.url;
    cleanups.push(async () => {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    });
  }

  await admin(serverUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = withDatabase(serverUrl, name);
  cleanups.unshift(() =>
    admin(serverUrl, async (c) => {
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }),
  );
  try {
    await migrate(url, log);
  } catch (e) {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
    throw e;
  }
  project.provide("databaseUrl", url);

  return async () => {
    for (const cleanup of cleanups) await cleanup().catch((e) => log(`cleanup failed: ${String(e)}`));
  };
}
