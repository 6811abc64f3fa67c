import { readFileSync } from "node:fs";
// parseConfig: defaults, and errors that name the variable at fault.
import { describe, expect, it } from "vitest";
import { ConfigError, ConfigSchema, parseConfig } from "@/lib/config";

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    parseConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error("expected a ConfigError");
}

describe("parseConfig", () => {
  it("has defaults for an empty environment", () => {
    const c = parseConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.HERALD_DATA_DIR).toBe(".data");
    expect(c.publicUrl).toBe("http://localhost:3000");
  });

  it("reads PORT and the public URL (without a trailing slash)", () => {
    expect(parseConfig({ PORT: "8080" }).publicUrl).toBe("http://localhost:8080");
    expect(parseConfig({ PORT: "8080", HERALD_PUBLIC_URL: "https://status.example.com/" }).publicUrl).toBe("https://status.example.com");
  });

  it("accepts a postgres URL and treats an empty DATABASE_URL as unset", () => {
    expect(parseConfig({ DATABASE_URL: "postgresql://u:p@db:5432/herald" }).DATABASE_URL).toBe("postgresql://u:p@db:5432/herald");
    expect(parseConfig({ DATABASE_URL: "postgres://db/herald" }).DATABASE_URL).toBe("postgres://db/herald");
    expect(parseConfig({ DATABASE_URL: "  " }).DATABASE_URL).toBeUndefined();
  });

  it.each(["abc", "0", "70000", "3.5", "-1"])("refuses PORT=%s and names PORT", (port) => {
    const problems = problemsOf({ PORT: port });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^PORT: /);
  });

  it("refuses a DATABASE_URL that is not a postgres URL and names it in the message", () => {
    const problems = problemsOf({ DATABASE_URL: "mysql://root@localhost/herald" });
    expect(problems).toEqual([expect.stringMatching(/^DATABASE_URL: .*postgresql:\/\//)]);
    expect(() => parseConfig({ DATABASE_URL: "mysql://root@localhost/herald" })).toThrow(/DATABASE_URL/);
  });

  it("reports every problem at once", () => {
    const problems = problemsOf({ PORT: "x", DATABASE_URL: "nope", HERALD_ADMIN_PASSWORD: "short" });
    expect(problems.map((p) => p.split(":")[0]).sort()).toEqual(["DATABASE_URL", "HERALD_ADMIN_PASSWORD", "PORT"]);
  });

  it("treats empty values (as copied from .env.example) as unset", () => {
    const c = parseConfig({ PORT: "", HERALD_DATA_DIR: "", HERALD_WORKER_CONCURRENCY: " ", SMTP_FROM: "" });
    expect(c.PORT).toBe(3000);
    expect(c.HERALD_DATA_DIR).toBe(".data");
    expect(c.HERALD_WORKER_CONCURRENCY).toBe(10);
    expect(c.SMTP_FROM).toContain("@");
  });

  it(".env.example documents every variable", () => {
    const example = readFileSync(new URL("../../.env.example", import.meta.url), "utf8");
    const documented = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    const missing = Object.keys(ConfigSchema.shape).filter((k) => !documented.has(k));
    expect(missing).toEqual([]);
  });
});
