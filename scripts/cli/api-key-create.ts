// npm run herald -- api-key create
import { API_KEY_ROLES, createApiKey, type ApiKeyRole } from "@/lib/api-keys/create";
import { actor, parse, required, UsageError, type Command, type Prepared } from "./command";

function prepareApiKeyCreate(args: string[]): Prepared {
  const { values } = parse(args, { name: { type: "string" }, role: { type: "string" } });
  const name = required(values.name, "--name");
  const role = required(values.role, "--role").trim();
  if (!(API_KEY_ROLES as readonly string[]).includes(role)) {
    throw new UsageError(`Unknown role "${role}". Valid roles: ${API_KEY_ROLES.join(", ")} (a key cannot act as an owner)`);
  }
  return async () => {
    const { apiKey, key, operator } = await createApiKey({ actor, input: { name, role: role as ApiKeyRole } });
    // stdout carries the key alone, so `KEY=$(npm run -s herald -- api-key create …)` works.
    console.log(key);
    console.error(
      `Created ${apiKey.role} API key "${apiKey.name}" (${apiKey.prefix}…, id ${apiKey.id}), credited to ${operator.viaOwner ? "the owner " : ""}${operator.email}.\n` +
        "The key is shown only this once: Herald keeps only its hash.",
    );
    return 0;
  };
}

export default {
  name: "api-key create",
  summary: "create an API key for the Manage API (prints the key once)",
  usage: `Usage: npm run herald -- api-key create --name NAME --role ROLE

Creates an API key and prints it, once, on stdout (a note goes to stderr). Herald keeps only its
hash. A key belongs to an operator: from the command line, to the oldest owner.

Options:
  --name NAME   what will use the key, e.g. "Deploy pipeline" (required)
  --role ROLE   ${API_KEY_ROLES.join(" | ")}: what the key may do (required)
  -h, --help    show this help`,
  prepare: prepareApiKeyCreate,
} satisfies Command;
