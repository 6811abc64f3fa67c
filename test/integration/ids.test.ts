// herald_id(), the default id of every table (prisma/migrations/*_herald_id_plpgsql): 12 base-36
// characters from a random UUID's random bytes.
import pg from "pg";
import { describe, expect, it } from "vitest";
import { setupTestDatabase } from "../helpers/db";

const url = setupTestDatabase();

describe("herald_id()", () => {
  it("gives 12 base-36 characters, no two alike in 20,000, every character in every position", async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      const { rows } = await c.query<{ id: string }>("SELECT herald_id() AS id FROM generate_series(1, 20000)");
      const ids = rows.map((r) => r.id);
      for (const id of ids) expect(id).toMatch(/^[0-9a-z]{12}$/);
      expect(new Set(ids).size).toBe(ids.length);
      for (let position = 0; position < 12; position++) {
        expect(new Set(ids.map((id) => id[position])).size, `position ${position}`).toBe(36);
      }
      // A row's default id comes from it too.
      const { rows: made } = await c.query<{ id: string }>(
        "INSERT INTO notification (kind, payload) VALUES ('incident_created', '{}') RETURNING id",
      );
      expect(made[0]!.id).toMatch(/^[0-9a-z]{12}$/);
    } finally {
      await c.end();
    }
  });
});
