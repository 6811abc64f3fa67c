// The fan-out bench's yardstick, run as a child process (as the worker is): a bare nodemailer
// pooled transport and a bare node:http keep-alive client sending the same number of messages,
// of about the same size, to the same sinks, with the same concurrency as the worker, no
// database in between. Both channels send at once, as the worker's do.
//   node --import tsx scripts/bench/baseline.ts '<json options>'
// Prints one JSON line with what it sent and how long it took.
import http from "node:http";
// eslint-disable-next-line no-restricted-imports -- the bare baseline is the SDK on its own, outside Herald's channels
import nodemailer from "nodemailer";

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
};

export type BaselineResult = {
  email: { sent: number; errors: number; ms: number; firstError?: string };
  webhook: { sent: number; errors: number; ms: number; firstError?: string };
  /** CPU seconds (user + system) the baseline process used for both. */
  cpuS: number;
};

/** Run `total` tasks with at most `concurrency` in flight. */
async function pool(total: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, total) }, async () => {
    while (next < total) await task(next++);
  });
  await Promise.all(lanes);
}

function filler(bytes: number): string {
  const word = "status update lorem ipsum dolor sit amet ";
  return word.repeat(Math.max(1, Math.ceil(bytes / word.length))).slice(0, Math.max(1, bytes));
}

async function sendEmails(o: BaselineOptions): Promise<BaselineResult["email"]> {
  const r: BaselineResult["email"] = { sent: 0, errors: 0, ms: 0 };
  if (o.emails === 0) return r;
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
  });
  r.ms = performance.now() - started;
  transport.close();
  return r;
}

async function sendWebhooks(o: BaselineOptions): Promise<BaselineResult["webhook"]> {
  const r: BaselineResult["webhook"] = { sent: 0, errors: 0, ms: 0 };
  if (o.webhooks === 0) return r;
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.webhookConcurrency });
  const body = JSON.stringify({ meta: { bench: true }, filler: filler(Math.max(10, o.webhookBytes - 40)) });
  const started = performance.now();
  await pool(o.webhooks, o.webhookConcurrency, (i) =>
    new Promise<void>((resolve) => {
      const req = http.request(
        {
          host: "127.0.0.1",
          port: o.httpPort,
          path: `/bare/${i}`,
          method: "POST",
          agent,
          headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)), "user-agent": "bench-bare/1" },
        },
        (res) => {
          res.resume();
          res.on("end", () => {
            if (res.statusCode && res.statusCode >= 200 && res.statusCode < 300) r.sent++;
            else {
              r.errors++;
              r.firstError ??= `HTTP ${res.statusCode}`;
            }
            resolve();
          });
        },
      );
      req.on("error", (e) => {
        r.errors++;
        r.firstError ??= e.message;
        resolve();
      });
      req.end(body);
    }),
  );
  r.ms = performance.now() - started;
  agent.destroy();
  return r;
}

const options = JSON.parse(process.argv[2] ?? "{}") as BaselineOptions;
const cpuBefore = process.cpuUsage();
const [email, webhook] = await Promise.all([sendEmails(options), sendWebhooks(options)]);
const cpu = process.cpuUsage(cpuBefore);
console.log(JSON.stringify({ email, webhook, cpuS: (cpu.user + cpu.system) / 1e6 } satisfies BaselineResult));
process.exit(0);
