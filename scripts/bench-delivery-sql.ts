// npm run bench:delivery-sql — what Postgres spends per delivery on the notifier's three hot
// statements: the fan-out's INSERT (lib/notify/fanout.ts), the claim (deliver.ts CLAIM_SQL) and the
// outcome batch (outcomes.ts OUTCOMES_SQL), each run alone over N deliveries of one notification.
//   npm run bench:delivery-sql [-- --rows 10000 --claim 25 --outcomes 100 --database-url postgresql://… --explain]
// The table is ANALYZEd after the fan-out, as autovacuum would: a plan that only holds on a table
// without statistics shows here. Figures are the backend's CPU (from /proc, so the server must run
// on this machine) and wall time per row, printed; nothing is asserted.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { migrate } from "@/lib/db/migrate";
import { CLAIM_SQL } from "@/lib/notify/deliver";
import { OUTCOMES_SQL } from "@/lib/notify/outcomes";
import { openBenchDatabase } from "./bench/database";
import { cpuSeconds } from "./bench/proc";
import { seedSubscribers } from "./bench/seed";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "10000" },
    claim: { type: "string", default: "25" },
    outcomes: { type: "string", default: "100" },
    "database-url": { type: "string" },
    explain: { type: "boolean", default: false },
  },
});
const rows = Number(values.rows);
const claimSize = Number(values.claim);
const outcomeSize = Number(values.outcomes);
for (const [name, v] of Object.entries({ rows, claim: claimSize, outcomes: outcomeSize })) {
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a whole number ≥ 1`);
}
const say = (m: string) => console.error(`[bench] ${m}`);

const cleanups: (() => Promise<void>)[] = [];
try {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "herald-bench-sql-"));
  fs.chmodSync(dir, 0o755); // as root, the embedded server runs as "postgres" and must reach it
  cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  const database = await openBenchDatabase({ server: values["database-url"], dataDir: dir, keep: false, say });
  cleanups.push(() => database.close());
  const url = database.url;
  await migrate(url, say);
  await seedSubscribers(url, { emails: 0, webhooks: rows, webhookBase: "http://127.0.0.1/hook/" });
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  cleanups.push(() => c.end());
  await c.query(`INSERT INTO notification (id, kind, payload) VALUES ('benchnotice1', 'incident_created', '{}')`);
  const pid = Number((await c.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid);
  const cpuMs = () => {
    const s = cpuSeconds(pid);
    if (s === undefined) throw new Error(`cannot read /proc/${pid}/stat: the database server must run on this machine`);
    return s * 1000;
  };
  const results: Record<string, { cpuUs: number; wallUs: number }> = {};
  const phase = async (label: string, fn: () => Promise<void>) => {
    const t = performance.now();
    const k = cpuMs();
    await fn();
    results[label] = { cpuUs: ((cpuMs() - k) * 1000) / rows, wallUs: ((performance.now() - t) * 1000) / rows };
  };

  await phase("fan-out insert", async () => {
    for (let after = ""; ; ) {
      const r = await c.query<{ last: string | null }>(
        `WITH batch AS (SELECT s.id FROM subscriber s WHERE s.channel = 'webhook' AND s.state = 'active' AND s.id > $1 ORDER BY s.id LIMIT 2000),
           ins AS (INSERT INTO delivery (id, notification_id, subscriber_id, channel) SELECT herald_id(), 'benchnotice1', b.id, 'webhook' FROM batch b ON CONFLICT DO NOTHING RETURNING 1)
         SELECT (SELECT max(id) FROM batch) AS last, (SELECT count(*) FROM ins) AS n`,
        [after],
      );
      if (!r.rows[0]!.last) break;
      after = r.rows[0]!.last;
    }
  });
  await c.query("ANALYZE delivery");
  // As the engine does: each claim starts where the last one ended in the index.
  let cursor: { at: Date | string; id: string } = { at: "-infinity", id: "" };
  const claimArgs = () => ["benchnotice1", "webhook", false, null, new Date(), claimSize, "bench-worker", 900, cursor.at, cursor.id];
  // As the engine runs it, on a session that keeps one generic plan (lib/db/prisma.ts genericPlanPool).
  await c.query("SET plan_cache_mode = force_generic_plan");
  if (values.explain) {
    // The generic plan, as the engine runs it: a prepared statement, executed (and rolled back).
    await c.query(`PREPARE explain_claim AS ${CLAIM_SQL}`);
    await c.query("BEGIN");
    const plan = await c.query<{ "QUERY PLAN": string }>(
      `EXPLAIN (ANALYZE, COSTS OFF) EXECUTE explain_claim('benchnotice1', 'webhook', false, NULL, now(), ${claimSize}, 'bench-worker', 900, '-infinity', '')`,
    );
    console.log(`claim plan (generic):\n${plan.rows.map((r) => `    ${r["QUERY PLAN"]}`).join("\n")}`);
    await c.query("ROLLBACK");
    await c.query("DEALLOCATE explain_claim");
  }
  const claimed: { id: string; attempt_count: number; next_attempt_at: Date }[] = [];
  await phase("claim", async () => {
    for (;;) {
      const r = await c.query<{ id: string; attempt_count: number; next_attempt_at: Date }>({ name: "claim", text: CLAIM_SQL, values: claimArgs() });
      if (r.rows.length === 0) break;
      claimed.push(...r.rows);
      const last = r.rows.at(-1)!;
      cursor = { at: last.next_attempt_at, id: last.id };
    }
  });
  await c.query("RESET plan_cache_mode"); // the outcome batch keeps custom plans, as in the engine
  await phase("outcome", async () => {
    for (let i = 0; i < claimed.length; i += outcomeSize) {
      const b = claimed.slice(i, i + outcomeSize);
      await c.query({ name: "outcomes", text: OUTCOMES_SQL }, [b.map((x) => x.id), b.map((x) => x.attempt_count), b.map(() => "sent"), b.map(() => "200"), b.map(() => null), b.map(() => null), b.map(() => null), "bench-worker", b.map(() => Date.now())]);
    }
  });
  const sent = Number((await c.query<{ n: string }>("SELECT count(*) AS n FROM delivery WHERE state = 'sent'")).rows[0]!.n);
  console.log(`\nPostgres per delivery, ${rows.toLocaleString("en-US")} deliveries, claims of ${claimSize}, outcome batches of ${outcomeSize} (${sent.toLocaleString("en-US")} recorded sent):\n`);
  console.log("| statement | backend CPU µs/row | wall µs/row |");
  console.log("|---|---:|---:|");
  for (const [label, r] of Object.entries(results)) console.log(`| ${label} | ${r.cpuUs.toFixed(0)} | ${r.wallUs.toFixed(0)} |`);
  const total = Object.values(results).reduce((s, r) => s + r.cpuUs, 0);
  console.log(`| total | ${total.toFixed(0)} | ${Object.values(results).reduce((s, r) => s + r.wallUs, 0).toFixed(0)} |`);
  if (sent !== rows) throw new Error(`expected ${rows} deliveries recorded sent, found ${sent}`);
} catch (e) {
  console.error(e);
  process.exitCode = 1;
} finally {
  while (cleanups.length) await cleanups.pop()!().catch((e: Error) => say(`cleanup: ${e.message}`));
}
