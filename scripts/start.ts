// npm start — Herald on one machine: the database (embedded unless DATABASE_URL is set),
// migrations, the first-run seed, a local SMTP catcher when SMTP_URL is not set, a build when
// needed, then the web server and one worker as supervised child processes. Without Twilio or X
// credentials, local fakes of their APIs stand in (what they receive shows in the dashboard, and
// the fake Twilio reports delivery to the web server's status callback route). Ctrl-C stops
// everything in order: web and worker first (they finish what they hold), then the fakes, then Postgres.
import { fork, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { startSmtpCatcher, type SmtpCatcher } from "@/lib/fakes/smtp-catcher";
import { startFakeTwilio, type FakeTwilio } from "@/lib/fakes/twilio";
import { startFakeX, type FakeX } from "@/lib/fakes/x-api";
import { randomToken } from "@/lib/tokens";
import { bootstrap } from "@/lib/runtime/bootstrap";
import { ensureBuild } from "@/lib/runtime/build";
import { workerNodeArgs, workerScript } from "@/lib/runtime/worker-args";
import { seedIfEmpty } from "@/lib/seed/demo";
import { ensureOwner } from "@/lib/operators/ensure-owner";
import { db } from "@/lib/db/prisma";

const log = (m: string) => console.log(`[herald] ${m}`);
const started = Date.now();
const { config, database } = await bootstrap({ migrate: true, log });

const seed = await seedIfEmpty(config);
if (seed.seeded) log(seed.demo ? "first run: seeded the demo page (the dashboard's Start fresh removes it)" : "first run: an empty page (HERALD_DEMO=false)");
// On a first run without HERALD_ADMIN_*, the owner gets a generated password, shown below once.
const owner = await ensureOwner({ config, generateWhenUnset: true, log });
let smtp: SmtpCatcher | undefined;
if (!config.SMTP_URL) {
  smtp = await startSmtpCatcher({ port: config.HERALD_SMTP_CATCHER_PORT, log });
  log(`no SMTP_URL: mail goes to the local SMTP catcher at ${smtp.url} (read it in the dashboard: Captured mail)`);
}
// No Twilio account: a local fake Twilio API stands in, and what it "sends" shows in the dashboard.
let fakeTwilio: FakeTwilio | undefined;
const twilioEnv: Record<string, string> = {};
if (!config.TWILIO_ACCOUNT_SID && !config.TWILIO_AUTH_TOKEN && !config.TWILIO_FROM) {
  const accountSid = `AC${"0".repeat(32)}`;
  const authToken = randomToken(16);
  fakeTwilio = await startFakeTwilio({
    port: 0,
    accountSid,
    authToken,
    // Delivery reports go to the web server (config.publicUrl), like Twilio's would.
    callbackDelayMs: 1_000,
    log: (m) => log(`fake Twilio: ${m}`),
    onMessage: (m) =>
      void db()
        .capturedMessage.create({ data: { channel: "sms", recipient: m.to, text: m.body, providerId: m.sid } })
        .catch((e: Error) => log(`fake Twilio could not store a message: ${e.message}`)),
  });
  Object.assign(twilioEnv, { TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken, TWILIO_FROM: "+15005550006", TWILIO_API_URL: fakeTwilio.url });
  log(`no Twilio account: SMS goes to a local fake Twilio API at ${fakeTwilio.url} (read it in the dashboard: Captured mail)`);
}
// No X account: a local fake X API stands in (https with a self-signed certificate, which the
// children trust through X_API_CA), and what it "posts" shows in the dashboard.
let fakeX: FakeX | undefined;
const xEnv: Record<string, string> = {};
if (!config.X_APP_KEY && !config.X_APP_SECRET && !config.X_ACCESS_TOKEN && !config.X_ACCESS_SECRET) {
  const consumerKey = `herald-fake-${randomToken(8)}`;
  fakeX = await startFakeX({
    port: 0,
    consumerKey,
    onPost: (p) =>
      void db()
        .capturedMessage.create({ data: { channel: "x", recipient: `@${fakeX?.user.username ?? "herald_fake"}`, text: p.text, providerId: p.id } })
        .catch((e: Error) => log(`fake X could not store a post: ${e.message}`)),
  });
  const caFile = path.resolve(config.HERALD_DATA_DIR, "fake-x-ca.pem");
  fs.mkdirSync(path.dirname(caFile), { recursive: true });
  fs.writeFileSync(caFile, fakeX.ca, { mode: 0o644 });
  Object.assign(xEnv, {
    X_APP_KEY: consumerKey,
    X_APP_SECRET: randomToken(16),
    X_ACCESS_TOKEN: `${fakeX.user.id}-${randomToken(8)}`,
    X_ACCESS_SECRET: randomToken(16),
    X_API_URL: fakeX.url,
    X_API_CA: caFile,
  });
  log(`no X account: posts go to a local fake X API at ${fakeX.url} as @${fakeX.user.username} (read them in the dashboard: Captured mail)`);
}
ensureBuild(log);

type Child = { name: string; script: string; proc?: ChildProcess; restarts: number };
const children: Child[] = [
  { name: "web", script: "scripts/web.ts", restarts: 0 },
  { name: "worker", script: "scripts/worker.ts", restarts: 0 },
];
const childEnv = {
  ...process.env,
  DATABASE_URL: database.url,
  ...(smtp ? { SMTP_URL: smtp.url } : {}),
  ...twilioEnv,
  ...xEnv,
  HERALD_SKIP_MIGRATE: "1",
  HERALD_SKIP_BUILD: "1",
};
let stopping = false;

function spawnChild(child: Child): void {
  // Each child gets its own process group (Ctrl-C reaches only this supervisor, which then stops
  // them in order) and an IPC channel (a child whose supervisor vanishes shuts itself down).
  // The worker runs from its bundle, asked for at each start: a restart an hour later finds it
  // even if a start-up of a newer version of the code has cleared it away (scripts/worker-bundle.mjs).
  const proc = fork(child.name === "worker" ? workerScript() : path.resolve(child.script), [], {
    env: childEnv,
    execArgv: child.name === "worker" ? workerNodeArgs(config) : ["--import", "tsx"],
    detached: true,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  child.proc = proc;
  proc.on("exit", (code, signal) => {
    child.proc = undefined;
    if (stopping) return;
    child.restarts++;
    const delay = Math.min(30_000, 500 * 2 ** Math.min(child.restarts, 6));
    log(`${child.name} exited (${signal ?? code}); restarting in ${delay} ms`);
    setTimeout(() => !stopping && spawnChild(child), delay).unref();
  });
}

const webReady = new Promise<void>((resolve) => {
  const child = children[0]!;
  spawnChild(child);
  child.proc!.on("message", (m: { type?: string }) => m?.type === "ready" && resolve());
});
spawnChild(children[1]!);
await webReady;

const base = config.publicUrl;
console.log(`
  Herald is running (ready in ${Math.round((Date.now() - started) / 1000)} s)

  Status page:  ${base}/
  Dashboard:    ${base}/admin
  ${
    owner.created && owner.password
      ? `Log in as ${owner.email} with password ${owner.password}\n  (shown once: write it down, or create another operator with npm run herald -- operator create --email you@example.com)`
      : owner.created
        ? `Log in as ${owner.email} with HERALD_ADMIN_PASSWORD`
        : `Log in with your operator account (new one: npm run herald -- operator create --email you@example.com)`
  }
  Database:     ${database.embedded ? `embedded PostgreSQL in ${path.resolve(config.HERALD_DATA_DIR)}` : "DATABASE_URL"}
  Press Ctrl-C to stop.
`);

async function shutdown(reason: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log(`${reason}: stopping`);
  const grace = config.HERALD_SHUTDOWN_GRACE_MS + 5_000;
  await Promise.all(
    children.map(async (child) => {
      const proc = child.proc;
      if (!proc || proc.exitCode !== null) return;
      const exited = new Promise<void>((r) => proc.once("exit", () => r()));
      proc.kill("SIGTERM");
      const timer = setTimeout(() => {
        log(`${child.name} did not stop in ${grace} ms: killing it`);
        proc.kill("SIGKILL");
      }, grace);
      await exited;
      clearTimeout(timer);
    }),
  );
  await smtp?.close();
  await fakeTwilio?.close();
  await fakeX?.close();
  await db().$disconnect().catch(() => undefined);
  await database.stop();
  log("stopped");
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
