// `npm run herald -- demo remove` as a person runs it: a child process on the test database.
import { describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { db } from "@/lib/db/prisma";
import { countDemoContent } from "@/lib/demo/remove";
import { seedIfEmpty } from "@/lib/seed/demo";
import { setupTestDatabase } from "../helpers/db";
import { heraldCli } from "../helpers/cli";

const databaseUrl = setupTestDatabase();

const herald = heraldCli(databaseUrl);

describe("herald demo remove", () => {
  it("without --yes says what would go and removes nothing; with --yes removes it; a second time is refused", async () => {
    await seedIfEmpty(parseConfig({}));
    const before = await countDemoContent();

    const dry = await herald("demo", "remove");
    expect(dry.code).toBe(2);
    expect(dry.stderr).toContain("This would remove 5 components, 1 component group, 1 incident, 2 metrics.");
    expect(dry.stderr).toContain("--yes");
    expect(await countDemoContent()).toEqual(before);
    expect((await db().pageSettings.findUniqueOrThrow({ where: { id: 1 } })).demo).toBe(true);

    const yes = await herald("demo", "remove", "--yes");
    expect(yes.code, yes.stderr).toBe(0);
    expect(yes.stdout).toContain('Removed 5 components, 1 component group, 1 incident, 2 metrics. The page is now "Status".');
    expect(await db().component.count()).toBe(0);
    expect(await db().pageSettings.findUniqueOrThrow({ where: { id: 1 } })).toMatchObject({ name: "Status", demo: false });
    expect(await db().auditLog.findMany()).toEqual([expect.objectContaining({ actorType: "cli", action: "demo.remove" })]);

    const again = await herald("demo", "remove", "--yes");
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/holds no demo content/);
    expect(await db().auditLog.count()).toBe(1);
  });
});
