// npm test — everything, in order: type check, lint, unit + integration tests (real PostgreSQL:
// the embedded one, or TEST_DATABASE_URL), the Playwright tests in Chromium, then the chaos run
// at its small size (scripts/chaos.ts --small: one test per scenario), then the fuzz at its small size
// (scripts/fuzz.ts --small: one test per route × kind group, plus its crash and memory checks).
// Ends with one line counting every test: "tests: N passed, N failed".
// Steps can be picked by name: npm test -- unit chaos (typecheck, lint, unit, e2e, chaos, fuzz).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const bin = (name: string) => path.join("node_modules", ".bin", name);
const out = fs.mkdtempSync(path.join(os.tmpdir(), "herald-test-"));
let passed = 0;
let failed = 0;

function step(title: string, cmd: string, args: string[], env: Record<string, string> = {}): boolean {
  console.log(`\n=== ${title} ===`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });
  console.log(`--- ${title}: ${r.status === 0 ? "ok" : "FAILED"} (${Math.round((Date.now() - started) / 1000)} s)`);
  return r.status === 0;
}

function count(file: string, read: (json: unknown) => { passed: number; failed: number }): void {
  try {
    const r = read(JSON.parse(fs.readFileSync(file, "utf8")));
    passed += r.passed;
    failed += r.failed;
  } catch {
    failed += 1; // a runner that wrote no report counts as a failure
  }
}

const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);
let ok = true;

if (want("typecheck")) ok = step("type check", bin("tsc"), ["--noEmit"]) && ok;
if (want("lint")) ok = step("lint", bin("eslint"), ["--max-warnings=0", "."]) && ok;
if (want("unit")) {
  const file = path.join(out, "vitest.json");
  ok = step("unit and integration tests", bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${file}`]) && ok;
  count(file, (j) => {
    // A file that fails to load has no failed test, only a failed suite: count it too.
    const v = j as { numPassedTests: number; numFailedTests: number; numFailedTestSuites: number; testResults: { assertionResults: unknown[] }[] };
    const brokenFiles = v.testResults.filter((f) => f.assertionResults.length === 0).length;
    return { passed: v.numPassedTests, failed: v.numFailedTests + Math.min(v.numFailedTestSuites, brokenFiles) };
  });
}
if (want("e2e")) {
  const file = path.join(out, "playwright.json");
  ok = step("browser tests (Playwright, Chromium)", bin("playwright"), ["test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: file }) && ok;
  count(file, (j) => {
    const s = (j as { stats: { expected: number; unexpected: number; flaky: number } }).stats;
    return { passed: s.expected + s.flaky, failed: s.unexpected };
  });
}

if (want("chaos")) {
  const file = path.join(out, "chaos.json");
  ok = step("chaos (workers killed, Postgres restarted, faulty providers)", bin("tsx"), ["scripts/chaos.ts", "--small", "--json", file]) && ok;
  count(file, (j) => {
    const c = j as { passed: number; failed: number };
    return { passed: c.passed, failed: c.failed };
  });
}

// The small fuzz draws the same cases every run, so that a red run is the code's and can be run
// again as it was (npm run test:fuzz draws a new seed each time, and prints it).
const FUZZ_SEED = process.env.HERALD_FUZZ_SEED ?? "1191707103";
if (want("fuzz")) {
  const file = path.join(out, "fuzz.json");
  ok = step("fuzz (malformed requests on every route of a running Herald)", bin("tsx"), ["scripts/fuzz.ts", "--small", "--seed", FUZZ_SEED, "--json", file]) && ok;
  count(file, (j) => {
    const f = j as { passed: number; failed: number };
    return { passed: f.passed, failed: f.failed };
  });
}

console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(ok && failed === 0 ? 0 : 1);
