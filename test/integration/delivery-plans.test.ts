// The notifier's two hottest statements keep the plans their speed depends on. Both were once
// fast on paper and slow in Postgres: the claim was planned anew on every execution, and the
// outcome batch walked every delivery in flight through delivery_sending_idx. These tests read the
// plans Postgres makes for them on a table with statistics, so a rewrite that loses either shows here.
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { genericPlanPool } from "@/lib/db/prisma";
import { CLAIM_SQL } from "@/lib/notify/deliver";
import { OUTCOMES_SQL } from "@/lib/notify/outcomes";
import { setupTestDatabase } from "../helpers/db";

const url = setupTestDatabase();
const ROWS = 2_000;

let c: pg.Client;

beforeEach(async () => {
  c = new pg.Client({ connectionString: url });
  await c.connect();
  // A notification to 2,000 webhook subscribers, expanded, with the statistics autovacuum would take.
  await c.query(`INSERT INTO notification (id, kind, payload) VALUES ('plannotice1', 'incident_created', '{}')`);
  await addWebhookSubscribers("plan", ROWS);
});

/** `n` active webhook subscribers (tagged, so a second lot gets other addresses), each with a delivery of plannotice1. */
async function addWebhookSubscribers(tag: string, n: number): Promise<void> {
  await c.query(
    `INSERT INTO subscriber (id, channel, address, state, manage_token, webhook_secret, source, confirmed_at)
     SELECT herald_id(), 'webhook', 'https://hooks.example.com/' || $2 || '/' || g, 'active', $2 || g,
            'whsec_' || encode(sha256(($2 || g)::bytea), 'base64'), 'import', now()
     FROM generate_series(1, $1::int) AS g`,
    [n, tag],
  );
  await c.query(`INSERT INTO delivery (id, notification_id, subscriber_id, channel)
    SELECT herald_id(), 'plannotice1', id, 'webhook' FROM subscriber ON CONFLICT DO NOTHING`);
}

afterEach(async () => {
  await c.end();
});

async function plan(statement: string, options = "COSTS OFF"): Promise<string> {
  const { rows } = await c.query<{ "QUERY PLAN": string }>(`EXPLAIN (${options}) ${statement}`);
  return rows.map((r) => r["QUERY PLAN"]).join("\n");
}

describe("the notifier's statements", () => {
  it("claim email and webhooks with one plan for every execution, read from the claim index", async () => {
    // The pool the engine claims on keeps generic plans …
    const { rows } = await genericPlanPool().query<{ plan_cache_mode: string }>("SHOW plan_cache_mode");
    expect(rows[0]!.plan_cache_mode).toBe("force_generic_plan");

    // … and the generic plan reads due rows from delivery_claim_idx, never the whole table.
    await c.query("ANALYZE delivery, subscriber, notification");
    await c.query("SET plan_cache_mode = force_generic_plan");
    await c.query(`PREPARE claim AS ${CLAIM_SQL}`);
    const generic = await plan(`EXECUTE claim('plannotice1', 'webhook', false, NULL, now(), 25, 'w', 900, '-infinity', '')`);
    expect(generic).toMatch(/Index (Only )?Scan using delivery_claim_idx on delivery d\b/);
    expect(generic).not.toMatch(/Seq Scan on delivery d\b/);
    expect(generic).toMatch(/Index Scan using subscriber_pkey on subscriber/);
  });

  it("start each claim where the last one ended, not at the rows claimed before it", async () => {
    // A bigger fan-out, most of it claimed already: the claimed rows' entries stay in
    // delivery_claim_idx until VACUUM, ahead of the due rows. A claim that starts at the top of the
    // notification's range visits every one of them (with 100,000 emails sent, milliseconds a claim).
    const more = 18_000;
    await addWebhookSubscribers("more", more);
    const claimed = ROWS + more - 1_000;
    await c.query(
      `UPDATE delivery SET state = 'sending', attempt_count = 1, locked_by = 'w', lease_until = now() + interval '15 minutes'
       WHERE id IN (SELECT id FROM delivery ORDER BY next_attempt_at, id LIMIT $1)`,
      [claimed],
    );
    await c.query("ANALYZE delivery, subscriber, notification");
    const last = (await c.query<{ at: string; id: string }>(
      `SELECT next_attempt_at::text AS at, id FROM delivery WHERE state = 'sending' ORDER BY next_attempt_at DESC, id DESC LIMIT 1`,
    )).rows[0]!;
    await c.query(`PREPARE claim AS ${CLAIM_SQL}`);
    for (const mode of ["force_generic_plan", "force_custom_plan"]) {
      await c.query(`SET plan_cache_mode = ${mode}`);
      await c.query("BEGIN");
      const p = await plan(
        `EXECUTE claim('plannotice1', 'webhook', false, NULL, now(), 25, 'w', 900, '${last.at}', '${last.id}')`,
        "ANALYZE, BUFFERS, COSTS OFF, TIMING OFF",
      );
      await c.query("ROLLBACK");
      // The claim index scan's line, then its buffers: a few index pages and the 25 rows taken (about
      // 30), where a scan from the top also reads the heap page of each row claimed before (hundreds).
      const scan = /Index (?:Only )?Scan using delivery_claim_idx on delivery d\b[^\n]*rows=(\d+)[\s\S]*?Buffers: shared ([^\n]*)/.exec(p);
      expect(scan, `${mode}:\n${p}`).not.toBeNull();
      expect(Number(scan![1]), mode).toBe(25);
      // Found in memory or read from disk, each counts.
      const buffers = [...scan![2]!.matchAll(/(?:hit|read)=(\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
      expect(buffers, `${mode}:\n${p}`).toBeGreaterThan(0);
      expect(buffers, `${mode}:\n${p}`).toBeLessThan(100);
    }
  });

  it("record outcomes by primary key, not by walking every delivery in flight", async () => {
    // A worker holds half of them, as a big fan-out with several workers would.
    await c.query(`UPDATE delivery SET state = 'sending', attempt_count = 1, locked_by = 'w', lease_until = now() + interval '15 minutes'
      WHERE id IN (SELECT id FROM delivery ORDER BY id LIMIT $1)`, [ROWS / 2]);
    await c.query("ANALYZE delivery");
    const ids = (await c.query<{ id: string }>("SELECT id FROM delivery WHERE state = 'sending' ORDER BY id LIMIT 100")).rows.map((r) => r.id);
    const arr = (xs: (string | number | null)[]) => `'{${xs.map((x) => (x === null ? "NULL" : `"${x}"`)).join(",")}}'`;
    await c.query(`PREPARE outcomes AS ${OUTCOMES_SQL}`);
    const args = [
      arr(ids),
      arr(ids.map(() => 1)),
      arr(ids.map(() => "sent")),
      arr(ids.map(() => "200")),
      arr(ids.map(() => null)),
      arr(ids.map(() => null)),
      arr(ids.map(() => null)),
      "'w'",
      arr(ids.map(() => Date.now())),
    ].join(", ");
    // The engine's sessions plan it per execution; either way it must look rows up by key. On a table
    // this small a sequential scan can be cheaper (PostgreSQL 15 here picks one) and would hide which
    // index the planner reaches for, so it is off: on a large table the choice is between the indexes.
    await c.query("SET enable_seqscan = off");
    for (const mode of ["force_custom_plan", "force_generic_plan"]) {
      await c.query(`SET plan_cache_mode = ${mode}`);
      const p = await plan(`EXECUTE outcomes(${args})`);
      expect(p, mode).toMatch(/delivery_pkey/);
      expect(p, mode).not.toMatch(/delivery_sending_idx/);
    }
  });
});
