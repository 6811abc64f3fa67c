// Prisma's schema engine, compiled to WebAssembly (@prisma/schema-engine-wasm), driven through
// the pg driver adapter. Prisma's CLI would download a native engine this network cannot reach;
// the wasm build ships inside the npm package, so migrations need no download.
import fs from "node:fs";
import { createRequire } from "node:module";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";

type Bindings = typeof import("@prisma/schema-engine-wasm");

let loaded: Promise<Bindings> | undefined;

async function loadBindings(): Promise<Bindings> {
  // The package's entry point imports the .wasm file as an ES module, which Node cannot do yet;
  // instantiate it by hand and hand the instance to the generated glue code.
  const require = createRequire(import.meta.url);
  const gluePath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const glue = (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as unknown as Bindings & {
    __wbg_set_wasm: (exports: WebAssembly.Exports) => void;
  };
  const bytes = fs.readFileSync(gluePath.replace(/\.js$/, ".wasm"));
  const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": glue as never });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as (() => void) | undefined)?.();
  return glue;
}

export async function withSchemaEngine<T>(
  databaseUrl: string,
  run: (engine: SchemaEngine) => Promise<T>,
  log: (message: string) => void = () => {},
): Promise<T> {
  loaded ??= loadBindings();
  const bindings = await loaded;
  const opened: { dispose(): Promise<void> }[] = [];
  const adapter = bindMigrationAwareSqlAdapterFactory(wholeScriptAdapter(databaseUrl, opened));
  const engine = await bindings.SchemaEngine.new(
    { datamodels: undefined },
    (line: string) => {
      try {
        const entry = JSON.parse(line) as { level?: string; fields?: { message?: string } };
        if (entry.level === "ERROR" || entry.level === "WARN") log(entry.fields?.message ?? line);
      } catch {
        log(line);
      }
    },
    adapter,
  );
  try {
    return await run(engine);
  } finally {
    engine.free();
    // The engine does not close its connections; the advisory lock it took lives on one of them.
    await Promise.all(opened.map((a) => a.dispose().catch(() => undefined)));
  }
}

type ScriptRunner = { executeScript(script: string): Promise<void>; onError(e: unknown): never };

/**
 * The pg adapter runs a migration script by splitting it on every ";" (inside comments and
 * function bodies too) and running the pieces one by one, outside a transaction: a failing
 * migration is left half-applied. Send the whole script as one simple query instead, as Prisma's
 * native engine does: PostgreSQL runs it as one implicit transaction.
 */
function wholeScriptAdapter(databaseUrl: string, opened: { dispose(): Promise<void> }[]): PrismaPg {
  const factory = new PrismaPg({ connectionString: databaseUrl });
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    opened.push(adapter);
    const runner = adapter as unknown as ScriptRunner;
    const pool = adapter.underlyingDriver() as { query(sql: string): Promise<unknown> };
    runner.executeScript = async (script: string) => {
      try {
        await pool.query(script);
      } catch (e) {
        runner.onError(e);
      }
    };
    return adapter;
  };
  return factory;
}

export const NO_FILTER = { externalTables: [], externalEnums: [] };
