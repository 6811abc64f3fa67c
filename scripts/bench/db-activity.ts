// A poor man's profiler for the database side of a run: samples pg_stat_activity every few
// hundred milliseconds and counts what the other connections to the bench database are doing
// (which statement, active or idle in a transaction). Many samples of one statement point at it.
import pg from "pg";

export type ActivityReport = { samples: number; rows: { what: string; state: string; n: number }[] };

/** Names a statement by the Herald code that sends it. */
export function classify(query: string): string {
  const q = query.replace(/\s+/g, " ").trim();
  if (q.includes("WITH due AS")) return "claim (deliver.ts)";
  if (q.includes("WITH batch AS")) return "fan-out batch (fanout.ts)";
  if (q.includes("WITH o AS")) return "outcomes batch (outcomes.ts)";
  if (q.includes("send_window")) return "rate limit (rate-limit.ts)";
  if (/^UPDATE "public"\."delivery" /i.test(q)) return "outcome: UPDATE delivery";
  if (/^UPDATE "public"\."delivery_attempt" /i.test(q)) return "outcome: UPDATE delivery_attempt";
  if (/^(BEGIN|COMMIT|ROLLBACK)/i.test(q)) return q.split(" ")[0]!.toUpperCase();
  if (q.includes("graphile_worker")) return "job queue (graphile_worker)";
  if (q.includes("worker_process")) return "heartbeat / recovery";
  return q.slice(0, 60);
}

export class DbActivitySampler {
  private counts = new Map<string, number>();
  private samples = 0;
  private timer: NodeJS.Timeout | undefined;
  private busy = false;

  private constructor(
    private readonly client: pg.Client,
    private readonly database: string,
  ) {}

  static async start(url: string, everyMs = 200): Promise<DbActivitySampler> {
    const client = new pg.Client({ connectionString: url, application_name: "herald-bench-sampler" });
    // The server may stop under it (Ctrl-C): an error here ends sampling, not the bench.
    client.on("error", () => undefined);
    await client.connect();
    const { rows } = await client.query<{ db: string }>("SELECT current_database() AS db");
    const s = new DbActivitySampler(client, rows[0]!.db);
    s.timer = setInterval(() => void s.sample(), everyMs);
    s.timer.unref();
    return s;
  }

  private async sample(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const { rows } = await this.client.query<{ state: string; query: string }>(
        `SELECT state, query FROM pg_stat_activity
         WHERE datname = $1 AND pid <> pg_backend_pid() AND backend_type = 'client backend'
           AND state IN ('active', 'idle in transaction') AND query NOT LIKE '/* bench */%'
           AND query NOT LIKE 'LISTEN%'`,
        [this.database],
      );
      this.samples++;
      for (const r of rows) {
        const key = `${classify(r.query)}\u0000${r.state}`;
        this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
      }
    } catch {
      /* the server is going away */
    } finally {
      this.busy = false;
    }
  }

  private stopped: Promise<void> | undefined;

  async stop(): Promise<ActivityReport> {
    clearInterval(this.timer);
    await (this.stopped ??= this.end());
    const rows = [...this.counts.entries()]
      .map(([k, n]) => {
        const [what, state] = k.split("\u0000") as [string, string];
        return { what, state, n };
      })
      .sort((a, b) => b.n - a.n);
    return { samples: this.samples, rows };
  }

  private async end(): Promise<void> {
    for (let i = 0; this.busy && i < 100; i++) await new Promise((r) => setTimeout(r, 10));
    await this.client.end().catch(() => undefined);
  }
}
