// The fan-out bench's yardstick, run as a child process (as the worker is): a bare nodemailer
// pooled transport and a bare node:http keep-alive client sending the same number of messages,
// of about the same size, to the same sinks, with the same concurrency as the worker, no
// database in between. Both channels send at once, as the worker's do. With `durableUrl`, the
// webhooks with the least bookkeeping a crash-safe sender needs, alone or with the emails going
// out beside them (see BaselineOptions).
//   node --import tsx scripts/bench/baseline.ts '<json options>'
// Prints one JSON line with what it sent and how long it took.
import { createHmac } from "node:crypto";
import http from "node:http";
import pg from "pg";
// eslint-disable-next-line no-restricted-imports -- the bare baseline is the SDK on its own, outside Herald's channels
import nodemailer from "nodemailer";
// eslint-disable-next-line no-restricted-imports -- likewise: undici on its own
import { Agent, request } from "undici";

export type BaselineOptions = {
  smtpPort: number;
  httpPort: number;
  emails: number;
  webhooks: number;
  pool: number;
  emailConcurrency: number;
  webhookConcurrency: number;
  /** Approximate bytes of one email's DATA and one webhook's body, as Herald sent them. */
  emailBytes: number;
  webhookBytes: number;
  /**
   * The bare webhook client: node:http (the yardstick since the bench began), or undici with its
   * plain request() API (the library Herald's webhook channel uses since 2026-12-03).
   */
  client?: "node:http" | "undici";
  /**
   * The durable floor: send the webhooks with the least bookkeeping any crash-safe sender needs,
   * in this PostgreSQL (a scratch table, dropped after): each claimed as in flight before its POST
   * (claims of half the concurrency, as the worker's), each outcome recorded after (batches of
   * up to 100). With emails, they go out beside the webhooks as in the bare baseline, and stop
   * when the webhooks are done: they are the load the goal's run has beside its webhooks, not a
   * figure of their own.
   */
  durableUrl?: string;
  /**
   * With durableUrl: the issue's steps and nothing more. A delivery row per subscriber is written
   * while the webhooks go out (2,000 at a time, at most 4,000 waiting, as Herald's fan-out paces
   * itself), under a unique key per subscriber; the claim reads each subscriber's secret; each POST
   * carries a Standard Webhooks signature made with it. No foreign keys, audit rows or other indexes.
   */
  issueSteps?: boolean;
};

export type BaselineResult = {
  email: { sent: number; errors: number; ms: number; firstError?: string };
  webhook: { sent: number; errors: number; ms: number; firstError?: string };
  /** CPU seconds (user + system) the baseline process used for both. */
  cpuS: number;
};

/** Run `total` tasks with at most `concurrency` in flight (none started once `stop()` says so). */
async function pool(total: number, concurrency: number, task: (i: number) => Promise<void>, stop = () => false): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, total) }, async () => {
    while (next < total && !stop()) await task(next++);
  });
  await Promise.all(lanes);
}

function filler(bytes: number): string {
  const word = "status update lorem ipsum dolor sit amet ";
  return word.repeat(Math.max(1, Math.ceil(bytes / word.length))).slice(0, Math.max(1, bytes));
}

async function sendEmails(o: BaselineOptions, beside?: { start: Promise<void>; stop: () => boolean }): Promise<BaselineResult["email"]> {
  const r: BaselineResult["email"] = { sent: 0, errors: 0, ms: 0 };
  if (o.emails === 0) return r;
  await beside?.start;
  const transport = nodemailer.createTransport({
    host: "127.0.0.1",
    port: o.smtpPort,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: o.pool,
  });
  // Herald's messages are multipart text + HTML with ~1 KB of headers; split the rest alike.
  const bodyBytes = Math.max(200, o.emailBytes - 1000);
  const text = filler(Math.floor(bodyBytes * 0.35));
  const html = `<!doctype html><html><body><p>${filler(Math.floor(bodyBytes * 0.65) - 40)}</p></body></html>`;
  const started = performance.now();
  await pool(o.emails, o.emailConcurrency, async (i) => {
    try {
      await transport.sendMail({
        from: "Herald Status <status@herald.localhost>",
        to: `bare${i}@example.test`,
        subject: `[Bench] Baseline message ${i} (Investigating)`,
        text,
        html,
        messageId: `<bare.${i}@herald.localhost>`,
      });
      r.sent++;
    } catch (e) {
      r.errors++;
      r.firstError ??= (e as Error).message;
    }
  }, beside?.stop);
  r.ms = performance.now() - started;
  transport.close();
  return r;
}

type Poster = (i: number, headers?: Record<string, string>) => Promise<number | Error>;

/** The one body every bare webhook carries: about as long as Herald's (both clients send the same). */
function webhookBody(o: BaselineOptions): string {
  return JSON.stringify({ meta: { bench: true }, filler: filler(Math.max(10, o.webhookBytes - 40)) });
}

/** A keep-alive POST of the same body to /bare/<i>: the status code, or the error. */
function poster(o: BaselineOptions): { post: Poster; close: () => void } {
  if (o.client === "undici") return undiciPoster(o);
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.webhookConcurrency });
  const body = webhookBody(o);
  const post: Poster = (i, extra) =>
    new Promise((resolve) => {
      const req = http.request(
        {
          host: "127.0.0.1",
          port: o.httpPort,
          path: `/bare/${i}`,
          method: "POST",
          agent,
          headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)), "user-agent": "bench-bare/1", ...extra },
        },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        },
      );
      req.on("error", (e) => resolve(e));
      req.end(body);
    });
  return { post, close: () => agent.destroy() };
}

function undiciPoster(o: BaselineOptions): { post: Poster; close: () => void } {
  const dispatcher = new Agent({ connections: o.webhookConcurrency });
  const body = webhookBody(o);
  const post: Poster = async (i, extra) => {
    try {
      const res = await request(`http://127.0.0.1:${o.httpPort}/bare/${i}`, {
        method: "POST",
        dispatcher,
        body,
        headers: { "content-type": "application/json", "user-agent": "bench-bare/1", ...extra },
      });
      await res.body.dump();
      return res.statusCode;
    } catch (e) {
      return e as Error;
    }
  };
  return { post, close: () => void dispatcher.destroy() };
}

function count(r: BaselineResult["webhook"], outcome: number | Error): boolean {
  if (typeof outcome === "number" && outcome >= 200 && outcome < 300) {
    r.sent++;
    return true;
  }
  r.errors++;
  r.firstError ??= typeof outcome === "number" ? `HTTP ${outcome}` : outcome.message;
  return false;
}

async function sendWebhooks(o: BaselineOptions): Promise<BaselineResult["webhook"]> {
  const r: BaselineResult["webhook"] = { sent: 0, errors: 0, ms: 0 };
  if (o.webhooks === 0) return r;
  const { post, close } = poster(o);
  const started = performance.now();
  await pool(o.webhooks, o.webhookConcurrency, async (i) => void count(r, await post(i)));
  r.ms = performance.now() - started;
  close();
  return r;
}

/** See BaselineOptions.durableUrl and issueSteps. */
async function sendWebhooksDurable(o: BaselineOptions & { durableUrl: string }, onStart: () => void): Promise<BaselineResult["webhook"]> {
  const r: BaselineResult["webhook"] = { sent: 0, errors: 0, ms: 0 };
  // Bitmap scans off: with issueSteps the table is empty when planned, and the claim would read and
  // sort every pending row to take 25 (measured: 0.45 against 0.14 ms a claim of 2,000 waiting).
  const db = new pg.Pool({ connectionString: o.durableUrl, max: 4, options: "-c enable_bitmapscan=off" });
  const table = `bench_floor_${process.pid}`;
  const subscribers = `bench_floor_subscriber_${process.pid}`;
  await db.query(`CREATE TABLE ${table} (id int PRIMARY KEY, state text NOT NULL DEFAULT 'pending', attempts int NOT NULL DEFAULT 0,
    locked_by text, status int, sent_at timestamptz${o.issueSteps ? ", subscriber_id int NOT NULL UNIQUE" : ""})`);
  await db.query(`CREATE INDEX ON ${table} (id) WHERE state = 'pending'`);
  if (o.issueSteps) {
    // The subscribers exist before the run, as Herald's do; their rows are written during it.
    await db.query(`CREATE TABLE ${subscribers} (id int PRIMARY KEY, secret bytea NOT NULL)`);
    await db.query(`INSERT INTO ${subscribers} SELECT g, decode(md5(random()::text) || md5(random()::text), 'hex') FROM generate_series(0, $1::int - 1) g`, [o.webhooks]);
    await db.query(`ANALYZE ${subscribers}`);
  } else {
    await db.query(`INSERT INTO ${table} (id) SELECT g FROM generate_series(0, $1::int - 1) g`, [o.webhooks]);
    await db.query(`ANALYZE ${table}`);
  }
  const { post, close } = poster(o);
  const body = webhookBody(o);
  const claimSql = o.issueSteps
    ? `WITH c AS (UPDATE ${table} SET state = 'sending', attempts = attempts + 1, locked_by = 'floor'
        WHERE id = ANY (ARRAY(SELECT id FROM ${table} WHERE state = 'pending' ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)) RETURNING id, subscriber_id)
      SELECT c.id, s.secret FROM c JOIN ${subscribers} s ON s.id = c.subscriber_id`
    : `UPDATE ${table} SET state = 'sending', attempts = attempts + 1, locked_by = 'floor'
    WHERE id = ANY (ARRAY(SELECT id FROM ${table} WHERE state = 'pending' ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)) RETURNING id`;
  // Joined by array position, as Herald's outcome batch is (lib/notify/outcomes.ts says why).
  const outcomeSql = `UPDATE ${table} t SET state = CASE WHEN ($3::boolean[])[i] THEN 'sent' ELSE 'failed' END, status = ($2::int[])[i],
    sent_at = CASE WHEN ($3::boolean[])[i] THEN now() END, locked_by = NULL
    FROM generate_subscripts($1::int[], 1) AS i WHERE t.id = ANY ($1::int[]) AND t.id = ($1::int[])[i]`;
  // Outcomes wait for a batch (one statement in flight at a time), as the worker's do. A failure is
  // recorded, not retried: the floor measures a run where the receiver answers, and must always end.
  const pending: { id: number; status: number; ok: boolean }[] = [];
  let writing: Promise<void> | null = null;
  const flush = async (): Promise<void> => {
    while (pending.length) {
      const batch = pending.splice(0, 100);
      await db.query(outcomeSql, [batch.map((b) => b.id), batch.map((b) => b.status), batch.map((b) => b.ok)]);
    }
    writing = null;
  };
  // With issueSteps, the rows are written during the run: 2,000 at a time, at most 4,000 unclaimed.
  let written = o.issueSteps ? 0 : o.webhooks;
  let claimedRows = 0;
  let fanoutFailed: unknown;
  const fanout = (async () => {
    while (written < o.webhooks) {
      if (written - claimedRows >= 4_000) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        continue;
      }
      const n = Math.min(2_000, o.webhooks - written);
      await db.query(`INSERT INTO ${table} (id, subscriber_id) SELECT id, id FROM ${subscribers} WHERE id >= $1 AND id < $2 ON CONFLICT DO NOTHING`, [written, written + n]);
      written += n;
    }
  })().catch((e: unknown) => void (fanoutFailed = e)); // thrown by the loop below, which would wait forever
  const started = performance.now();
  onStart();
  const inflight = new Set<Promise<void>>();
  for (;;) {
    if (fanoutFailed) throw fanoutFailed;
    const free = o.webhookConcurrency - inflight.size;
    if (free < Math.ceil(o.webhookConcurrency / 2)) {
      await Promise.race(inflight);
      continue;
    }
    const { rows } = await db.query<{ id: number; secret?: Buffer }>(claimSql, [free]);
    claimedRows += rows.length;
    if (rows.length === 0) {
      if (inflight.size === 0 && written >= o.webhooks) break;
      await Promise.race([...inflight, new Promise((resolve) => setTimeout(resolve, 5))]);
      continue;
    }
    for (const { id, secret } of rows) {
      const p: Promise<void> = post(id, secret ? sign(`msg_${id}`, secret, body) : undefined).then((outcome) => {
        const ok = count(r, outcome);
        pending.push({ id, status: typeof outcome === "number" ? outcome : 0, ok });
        writing ??= flush();
        inflight.delete(p);
      });
      inflight.add(p);
    }
  }
  await fanout;
  while (writing) await writing;
  r.ms = performance.now() - started;
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE state = 'sent'`);
  if (rows[0]!.n !== r.sent) throw new Error(`durable floor: ${r.sent} sent but ${rows[0]!.n} recorded`);
  await db.query(`DROP TABLE ${table}`);
  await db.query(`DROP TABLE IF EXISTS ${subscribers}`);
  await db.end();
  close();
  return r;
}

/** Standard Webhooks headers: HMAC-SHA256 of "id.timestamp.body" with the subscriber's secret. */
function sign(id: string, secret: Buffer, body: string): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = createHmac("sha256", secret).update(`${id}.${timestamp}.${body}`).digest("base64");
  return { "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": `v1,${signature}` };
}

const options = JSON.parse(process.argv[2] ?? "{}") as BaselineOptions;
const cpuBefore = process.cpuUsage();
// The durable floor's emails (if any) start with its webhooks, once its table is ready.
let durableDone = false;
let durableStarted!: () => void;
const durableStart = new Promise<void>((resolve) => (durableStarted = resolve));
const [email, webhook] = options.durableUrl
  ? await Promise.all([
      sendEmails(options, { start: durableStart, stop: () => durableDone }),
      sendWebhooksDurable({ ...options, durableUrl: options.durableUrl }, () => durableStarted()).finally(() => (durableDone = true)),
    ])
  : await Promise.all([sendEmails(options), sendWebhooks(options)]);
const cpu = process.cpuUsage(cpuBefore);
console.log(JSON.stringify({ email, webhook, cpuS: (cpu.user + cpu.system) / 1e6 } satisfies BaselineResult));
process.exit(0);
