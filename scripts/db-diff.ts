// Writes a new migration from the difference between two versions of prisma/schema.prisma:
//   npm run db:diff -- <name> [--from <git-rev>|--from-empty]
// By default it compares the schema committed at HEAD with the working copy. Review the SQL
// before committing it: hand-written rules (CHECK constraints, partial indexes) live in their
// own migrations and Prisma's differ does not know them.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { getConfig, loadDotEnv } from "@/lib/config";
import { MIGRATIONS_DIR } from "@/lib/db/migrate";
import { resolveDatabase } from "@/lib/db/resolve";
import { NO_FILTER, withSchemaEngine } from "@/lib/db/schema-engine";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { from: { type: "string" }, "from-empty": { type: "boolean" } },
});
const name = positionals[0];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:diff -- <name_in_snake_case> [--from <git-rev>|--from-empty]");
  process.exit(2);
}
const schemaFile = "prisma/schema.prisma";
const current = fs.readFileSync(schemaFile, "utf8");
const previous = values["from-empty"]
  ? undefined
  : execFileSync("git", ["show", `${values.from ?? "HEAD"}:${schemaFile}`], { encoding: "utf8" });

// diff() between two schema files reads no tables, but the engine insists on a connection.
loadDotEnv();
const db = await resolveDatabase(getConfig(), (m) => console.error(m));
const sql = await withSchemaEngine(db.url, async (engine) => {
  const res = await engine.diff({
    from: previous ? { tag: "schemaDatamodel", files: [{ path: schemaFile, content: previous }] } : { tag: "empty" },
    to: { tag: "schemaDatamodel", files: [{ path: schemaFile, content: current }] },
    script: true,
    exitCode: null,
    filters: NO_FILTER,
  });
  return res.stdout ?? "";
}).finally(() => db.stop());
if (!sql.trim() || /^-- This is an empty migration/.test(sql.trim())) {
  console.log("No schema changes.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, "migration.sql"), sql);
console.log(`wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
