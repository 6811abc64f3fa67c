// What the test and bench runners share: a free loopback port, and the clean-up of data folders
// that earlier runs left behind.
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

/** A TCP port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Removes `<dataRoot>/<prefix>*` folders of earlier runs, except `keep` and any whose PostgreSQL still runs. */
export function removeOldRuns(dataRoot: string, prefix: string, keep: string): void {
  if (!fs.existsSync(dataRoot)) return;
  for (const name of fs.readdirSync(dataRoot)) {
    const dir = path.join(dataRoot, name);
    if (!name.startsWith(prefix) || dir === keep) continue;
    try {
      const pid = Number(fs.readFileSync(path.join(dir, "pg", "postmaster.pid"), "utf8").split("\n")[0]);
      process.kill(pid, 0);
      continue; // still running
    } catch {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}
