// Applies prisma/migrations/* to a database in-process, with Prisma's own schema engine (so the
// `_prisma_migrations` table is exactly what `prisma migrate deploy` keeps), then graphile-worker's
// own schema. Safe to run from several processes at once: both take advisory locks.
import fs from "node:fs";
import path from "node:path";
import { Logger, runMigrations } from "graphile-worker";
import pg from "pg";
import { NO_FILTER, withSchemaEngine } from "@/lib/db/schema-engine";

export const MIGRATIONS_DIR = path.resolve(process.cwd(), "prisma/migrations");

export function readMigrations(baseDir = MIGRATIONS_DIR) {
  const dirs = fs
    .readdirSync(baseDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  const lockPath = path.join(baseDir, "migration_lock.toml");
  return {
    baseDir,
    lockfile: { path: "migration_lock.toml", content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: dirs.map((name) => {
      const file = path.join(baseDir, name, "migration.sql");
      let content: { tag: "ok"; value: string } | { tag: "error"; value: string };
      try {
        content = { tag: "ok", value: fs.readFileSync(file, "utf8") };
      } catch (e) {
        content = { tag: "error", value: String(e) };
      }
      return { path: name, migrationFile: { path: "migration.sql", content } };
    }),
  };
}

export async function migrate(databaseUrl: string, log: (m: string) => void = () => {}): Promise<string[]> {
  const applied = await withSchemaEngine(
    databaseUrl,
    async (engine) => {
      const out = await engine.applyMigrations({ migrationsList: readMigrations(), filters: NO_FILTER });
      return out.appliedMigrationNames;
    },
    log,
  );
  for (const name of applied) log(`applied migration ${name}`);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  pool.on("error", (e) => log(`migration connection error: ${e.message}`));
  pool.on("connect", (client) => client.on("error", (e) => log(`migration connection lost: ${e.message}`)));
  try {
    await runMigrations({ pgPool: pool, logger: quietLogger });
  } finally {
    await pool.end();
  }
  return applied;
}

export const quietLogger = new Logger(() => (level: string, message: string) => {
  if (level === "error" || level === "warning") console.error(`[queue] ${message}`);
});
