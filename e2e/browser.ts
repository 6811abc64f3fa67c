// Which Chromium the browser tests drive. Playwright's own download needs the internet, so:
// CHROMIUM_PATH if set; else the machine's Chromium (Debian's /usr/bin/chromium, or `chromium` /
// `chromium-browser` on the PATH); else the one @sparticuz/chromium ships inside its npm package
// (a headless Chromium, decompressed once into the temp folder), so that `npm install && npm test`
// works on a machine with only Node and npm. That browser's shared libraries come with it too,
// and are put on its library path only when the machine lacks some of them (ldd says which).
// E2E_CHROMIUM=bundled picks the packaged one even where a system Chromium exists;
// E2E_CHROMIUM=bundled-libs also puts its libraries first whatever the machine has.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { createBrotliDecompress } from "node:zlib";
import tar from "tar-fs";

export type Browser = { executablePath: string; env: Record<string, string>; source: string };

function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const p = path.join(dir, name);
    if (dir && fs.existsSync(p)) return p;
  }
  return null;
}

function systemChromium(): string | null {
  if (fs.existsSync("/usr/bin/chromium")) return "/usr/bin/chromium";
  return onPath("chromium") ?? onPath("chromium-browser");
}

/** Libraries the binary needs that the machine does not have ([] when ldd itself is missing). */
function missingLibraries(binary: string): string[] {
  try {
    const out = execFileSync("ldd", [binary], { encoding: "utf8" });
    return out.split("\n").filter((l) => l.includes("not found")).map((l) => l.trim().split(" ")[0]!);
  } catch {
    return [];
  }
}

async function bundledChromium(): Promise<Browser> {
  const { default: chromium } = await import("@sparticuz/chromium");
  const executablePath = await chromium.executablePath();
  const env: Record<string, string> = {};
  if (process.env.E2E_CHROMIUM === "bundled-libs" || missingLibraries(executablePath).length > 0) {
    const libs = path.join(os.tmpdir(), "herald-chromium-libs");
    if (!fs.existsSync(path.join(libs, "lib"))) {
      const archive = path.join(path.dirname(fileURLToPath(import.meta.resolve("@sparticuz/chromium"))), "..", "..", "bin", "al2023.tar.br");
      await pipeline(fs.createReadStream(archive), createBrotliDecompress(), tar.extract(libs));
    }
    env.LD_LIBRARY_PATH = [path.join(libs, "lib"), process.env.LD_LIBRARY_PATH].filter(Boolean).join(":");
  }
  return { executablePath, env, source: "@sparticuz/chromium (bundled in node_modules)" };
}

export async function chromiumForTests(): Promise<Browser> {
  if (process.env.CHROMIUM_PATH) return { executablePath: process.env.CHROMIUM_PATH, env: {}, source: "CHROMIUM_PATH" };
  const system = process.env.E2E_CHROMIUM?.startsWith("bundled") ? null : systemChromium();
  if (system) return { executablePath: system, env: {}, source: "the system's Chromium" };
  return bundledChromium();
}
