// Seeding for the fan-out bench: active, confirmed subscribers in one INSERT … SELECT
// generate_series per channel, within the subscriber table's CHECK constraints (lower-case email
// addresses; webhook URLs with a whsec_ secret; active implies confirmed_at).
import pg from "pg";

export async function seedSubscribers(url: string, opts: { emails: number; webhooks: number; webhookBase: string }): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("BEGIN");
    if (opts.emails > 0) {
      await client.query(
        `INSERT INTO subscriber (id, channel, address, state, manage_token, source, confirmed_at)
         SELECT herald_id(), 'email', 'bench' || g || '@example.test', 'active',
                replace(gen_random_uuid()::text, '-', '') || g, 'bench', now()
         FROM generate_series(1, $1::int) AS g`,
        [opts.emails],
      );
    }
    if (opts.webhooks > 0) {
      // One receiver, a path per subscriber: addresses are unique per channel.
      await client.query(
        `INSERT INTO subscriber (id, channel, address, state, manage_token, webhook_secret, source, confirmed_at)
         SELECT herald_id(), 'webhook', $2::text || g, 'active',
                replace(gen_random_uuid()::text, '-', '') || g,
                'whsec_' || encode(sha256(('bench' || g)::bytea), 'base64'), 'bench', now()
         FROM generate_series(1, $1::int) AS g`,
        [opts.webhooks, opts.webhookBase],
      );
    }
    await client.query("COMMIT");
    await client.query("ANALYZE subscriber");
  } catch (e) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw e;
  } finally {
    await client.end();
  }
}
