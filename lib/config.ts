// Configuration, parsed once at start-up with zod. Everything else receives the parsed
// object; nothing reads process.env while working. See .env.example for every variable.
import { z } from "zod";
import { PASSWORD_MIN } from "@/lib/operators/rules";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no", ""])
  .optional()
  .transform((v) => v === "true" || v === "1" || v === "yes");

/** A switch that is on unless set to false, 0 or no. */
const boolDefaultOn = z
  .enum(["true", "false", "1", "0", "yes", "no", ""])
  .optional()
  .transform((v) => v !== "false" && v !== "0" && v !== "no");

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== "" ? v.trim() : undefined));

const postgresUrl = optionalString.refine(
  (v) => v === undefined || /^postgres(ql)?:\/\//.test(v),
  "must be a postgresql:// URL",
);

/** A number setting; an empty value (as copied from .env.example) means "use the default". */
const num = (schema: z.ZodNumber, fallback: number) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.coerce.number().pipe(schema).default(fallback));

export const ConfigSchema = z.object({
  DATABASE_URL: postgresUrl,
  HERALD_DATA_DIR: optionalString.transform((v) => v ?? ".data"),
  PORT: num(z.number().int().min(1).max(65535), 3000),
  HOST: optionalString.transform((v) => v ?? "0.0.0.0"),
  /** The address people use to reach the page; links in messages are built from it. */
  HERALD_PUBLIC_URL: optionalString.refine((v) => v === undefined || /^https?:\/\//.test(v), "must be an http(s) URL"),
  HERALD_ADMIN_EMAIL: optionalString.pipe(z.email().optional()),
  HERALD_ADMIN_PASSWORD: optionalString.refine((v) => v === undefined || v.length >= PASSWORD_MIN, `must be at least ${PASSWORD_MIN} characters`),
  /** The first run seeds a demo page (components, a past incident, metrics); false starts empty. */
  HERALD_DEMO: boolDefaultOn,
  SMTP_URL: optionalString.refine((v) => v === undefined || /^smtps?:\/\//.test(v), "must be an smtp:// or smtps:// URL"),
  SMTP_FROM: optionalString.transform((v) => v ?? "Herald Status <status@herald.localhost>"),
  SMTP_POOL_CONNECTIONS: num(z.number().int().min(1).max(100), 5),
  SMTP_RATE_PER_SECOND: num(z.number().min(0), 0),
  HERALD_SMTP_CATCHER_PORT: num(z.number().int().min(0).max(65535), 1025),
  TWILIO_ACCOUNT_SID: optionalString,
  TWILIO_AUTH_TOKEN: optionalString,
  TWILIO_FROM: optionalString,
  TWILIO_API_URL: optionalString,
  X_APP_KEY: optionalString,
  X_APP_SECRET: optionalString,
  X_ACCESS_TOKEN: optionalString,
  X_ACCESS_SECRET: optionalString,
  X_API_URL: optionalString,
  /** Path to a PEM certificate to trust for X_API_URL (the local fake's self-signed one). */
  X_API_CA: optionalString,
  HERALD_WEBHOOK_ALLOW_PRIVATE: bool,
  /** The web process without its front thread (lib/public/front.ts): one event loop for everything. */
  HERALD_WEB_SINGLE_THREAD: bool,
  /** Live-update streams (/events) one web process holds; past it, pages poll instead. */
  HERALD_STREAMS_MAX: num(z.number().int().min(0).max(1_000_000), 10_000),
  /** Live-update streams per client address (a household or office shares one). */
  HERALD_STREAMS_PER_IP: num(z.number().int().min(0).max(1_000_000), 50),
  /** Reverse-proxy hops in front of Herald to trust for X-Forwarded-For (lib/http/client-ip.ts). */
  HERALD_TRUST_PROXY: num(z.number().int().min(0).max(10), 0),
  HERALD_WORKER_CONCURRENCY: num(z.number().int().min(1).max(200), 10),
  /** Messages one worker has in flight per channel (email: defaults to twice the SMTP pool). */
  HERALD_EMAIL_CONCURRENCY: num(z.number().int().min(0).max(1000), 0),
  HERALD_WEBHOOK_CONCURRENCY: num(z.number().int().min(1).max(1000), 50),
  /** Rate limits that hold across every worker: a Twilio long code sends one SMS a second. */
  HERALD_SMS_PER_SECOND: num(z.number().int().min(1).max(1000), 1),
  HERALD_X_PER_15_MINUTES: num(z.number().int().min(1).max(10_000), 100),
  /** The worker's V8 old-space cap in MB, given by whoever launches it (npm start, start:worker). */
  HERALD_WORKER_HEAP_MB: num(z.number().int().min(64).max(16_384), 128),
  HERALD_SHUTDOWN_GRACE_MS: num(z.number().int().min(0), 10_000),
  /** A worker whose heartbeat is older than this is presumed dead; its jobs are released. */
  HERALD_WORKER_DEAD_AFTER_MS: num(z.number().int().min(5_000), 60_000),
});

export type Config = z.infer<typeof ConfigSchema> & { publicUrl: string };

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}\nSee .env.example for every variable.`);
    this.name = "ConfigError";
  }
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".") || "(environment)"}: ${i.message}`));
  }
  const c = parsed.data;
  return { ...c, publicUrl: (c.HERALD_PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/+$/, "") };
}

let cached: Config | undefined;

/** The process's configuration, parsed on first use (start-up) and never again. */
export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

/** Loads .env (if present) into process.env without overriding what is already set. */
export function loadDotEnv(file = ".env"): void {
  try {
    process.loadEnvFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
}
