// The admin CLI (scripts/herald.ts) as a person runs it: a child process on the test database.
import { execFile } from "node:child_process";
import os from "node:os";
import path from "node:path";

export type CliRun = { code: number; stdout: string; stderr: string };

const root = path.resolve(import.meta.dirname, "../..");

/** `herald(...args)` runs `npm run herald -- ...args` against `databaseUrl`; `env` adds variables. */
export function heraldCli(databaseUrl: string, env: Record<string, string> = {}) {
  return (...args: string[]): Promise<CliRun> =>
    new Promise((resolve) => {
      // What `npm run herald` runs, without npx's own start-up (a second and more per run).
      execFile(
        process.execPath,
        ["--import", "tsx", "scripts/herald.ts", ...args],
        // DATABASE_URL wins over any .env; HERALD_DATA_DIR points away from a developer's data.
        { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl, HERALD_DATA_DIR: path.join(os.tmpdir(), "herald-cli-test-unused"), ...env }, timeout: 50_000 },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
          resolve({ code, stdout: String(stdout), stderr: String(stderr) });
        },
      );
    });
}
