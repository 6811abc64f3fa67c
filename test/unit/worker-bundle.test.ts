// The worker's bundle (scripts/worker-bundle.mjs): what every process that starts a worker runs.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { workerEntry } from "@/scripts/worker-bundle.mjs";

describe("the worker's bundle", () => {
  // That it runs is what the chaos test (npm test) shows: its workers are started from it.
  it("is Herald's code only, importing packages from node_modules, in plain JavaScript", () => {
    const file = workerEntry();
    expect(path.relative(process.cwd(), file)).toMatch(/^node_modules\/\.cache\/herald\/worker-[0-9a-f]{16}\.mjs$/);
    const text = fs.readFileSync(file, "utf8");
    expect(text).toMatch(/^import .* from "pg";$/m);
    expect(text).not.toMatch(/node_modules\/pg\//);
    // Node reads it as it stands (no TypeScript left in it).
    const r = spawnSync(process.execPath, ["--check", file], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("is written again when it has gone, and old bundles are cleared out", () => {
    const file = workerEntry();
    const dir = path.dirname(file);
    const old = path.join(dir, "worker-0000000000000000.mjs");
    const recent = path.join(dir, "worker-1111111111111111.mjs");
    const unrelated = path.join(dir, "notes.txt");
    for (const f of [old, recent, unrelated]) fs.writeFileSync(f, "// test");
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    fs.utimesSync(old, twoHoursAgo, twoHoursAgo);
    fs.utimesSync(unrelated, twoHoursAgo, twoHoursAgo);
    const before = fs.readFileSync(file);
    fs.rmSync(file);
    try {
      expect(workerEntry()).toBe(file);
      expect(fs.readFileSync(file)).toEqual(before);
      expect(fs.existsSync(old)).toBe(false);
      // A bundle written within the hour may be running in another process that restarts workers.
      expect(fs.existsSync(recent)).toBe(true);
      expect(fs.existsSync(unrelated)).toBe(true);
    } finally {
      for (const f of [old, recent, unrelated]) fs.rmSync(f, { force: true });
    }
  });

  it("says where it could not be written, rather than failing on a bare file-system error", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "herald-bundle-"));
    try {
      fs.mkdirSync(path.join(root, "scripts"));
      fs.writeFileSync(path.join(root, "scripts", "worker.ts"), "console.log('worker');\n");
      fs.writeFileSync(path.join(root, "tsconfig.json"), "{}");
      fs.writeFileSync(path.join(root, "node_modules"), "a file where the cache folder should go");
      expect(() => workerEntry(root)).toThrow(/^could not write the worker's bundle into .*node_modules\/\.cache\/herald \(it must be writable/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
