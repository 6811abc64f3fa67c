// Lint: Next's recommended rules (core web vitals + TypeScript), plus Herald's own rules.
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const SDKS = ["nodemailer", "twilio", "twitter-api-v2", "undici"];

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", "node_modules/**", "lib/generated/**", ".data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      // One channel contract: provider SDKs are imported only by their channel file.
      "no-restricted-imports": [
        "error",
        {
          paths: SDKS.map((name) => ({ name, message: "Provider SDKs live only in lib/notify/channels/<channel>.ts" })),
          patterns: [{ group: SDKS.map((s) => `${s}/*`), message: "Provider SDKs live only in lib/notify/channels/<channel>.ts" }],
        },
      ],
    },
  },
  {
    files: ["lib/notify/channels/*.ts"],
    rules: { "no-restricted-imports": "off" },
  },
  {
    // The vocabulary is shared with browser code: it must not import server code.
    files: ["lib/vocabulary.ts", "lib/status/rollup.ts", "lib/metrics/buckets.ts", "lib/metrics/chart.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@/lib/db/*", "@/lib/generated/*", "node:*", "pg", "@prisma/*"], message: "lib/vocabulary.ts is imported by browser code: no server imports" }] },
      ],
    },
  },
];

export default config;
