// The worker runs as one JavaScript file bundled from scripts/worker.ts, not through tsx. tsx
// compiles on a loader thread that stays alive (a second V8 isolate: about 35 MB of the worker's
// RSS, a seventh of its 256 MB budget), and its keepNames helper runs on every named closure the send
// path creates. The bundle is made with esbuild, the compiler tsx itself uses: Herald's own code
// only, every package stays an import from node_modules. It is rebuilt from the sources each time
// a process starts workers (half a second), so it can never be stale.
// Plain JavaScript so that `npm run start:worker` (scripts/worker-launch.mjs) needs no tsx at all.
import { buildSync } from "esbuild";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** @type {{ root: string; file: string; text: Uint8Array } | undefined} */
let built;

/**
 * Bundles scripts/worker.ts (once per process) into node_modules/.cache/herald/worker-<hash>.mjs
 * and returns that file's path. Inside the project, so that its imports resolve to node_modules.
 */
export function workerEntry(root = process.cwd()) {
  if (built?.root !== root) {
    const dir = path.join(root, "node_modules", ".cache", "herald");
    const result = buildSync({
      absWorkingDir: root,
      entryPoints: ["scripts/worker.ts"],
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      packages: "external",
      tsconfig: "tsconfig.json",
      // Inline: stack traces map back to the sources with NODE_OPTIONS=--enable-source-maps.
      sourcemap: "inline",
      sourcesContent: false,
      write: false,
      // Where it will be written: the source map's paths are relative to it.
      outfile: path.join(dir, "worker.mjs"),
      logLevel: "silent",
    });
    const text = result.outputFiles[0].contents;
    const hash = createHash("sha256").update(text).digest("hex").slice(0, 16);
    built = { root, file: path.join(dir, `worker-${hash}.mjs`), text };
  }
  // Written again if it has gone since this process made it (a newer version's clean-up, below).
  if (!fs.existsSync(built.file)) {
    const dir = path.dirname(built.file);
    try {
      fs.mkdirSync(dir, { recursive: true });
      // Renamed into place: a process starting a worker never reads a half-written file.
      const tmp = `${built.file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, built.text);
      fs.renameSync(tmp, built.file);
    } catch (e) {
      throw new Error(`could not write the worker's bundle into ${dir} (it must be writable by whoever starts workers): ${e instanceof Error ? e.message : e}`);
    }
    removeOldBundles(dir, built.file);
  }
  return built.file;
}

/** Bundles of earlier versions of the code, left an hour after they were written. */
function removeOldBundles(dir, keep) {
  const hourAgo = Date.now() - 3_600_000;
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name);
    if (file === keep || !/^worker-[0-9a-f]+\.mjs(\.\d+\.tmp)?$/.test(name)) continue;
    try {
      if (fs.statSync(file).mtimeMs < hourAgo) fs.rmSync(file, { force: true });
    } catch {
      /* removed meanwhile by another process */
    }
  }
}
