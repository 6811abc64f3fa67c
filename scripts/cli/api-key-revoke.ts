// npm run herald -- api-key revoke
import { revokeApiKey } from "@/lib/api-keys/revoke";
import { actor, onePositional, parse, type Command, type Prepared } from "./command";

function prepareApiKeyRevoke(args: string[]): Prepared {
  const { positionals } = parse(args, {}, true);
  const ref = onePositional(positionals, "API key: its id or its prefix (hrld_…)");
  return async () => {
    const { apiKey } = await revokeApiKey({ actor, input: { apiKey: ref } });
    console.log(`Revoked API key "${apiKey.name}" (${apiKey.prefix}…)`);
    return 0;
  };
}

export default {
  name: "api-key revoke",
  summary: "revoke an API key by its id or prefix",
  usage: `Usage: npm run herald -- api-key revoke ID_OR_PREFIX

Revokes an API key: whatever uses it stops working at once. Name the key by its id or by its
prefix as the dashboard lists it (hrld_…); the whole key works too.

Options:
  -h, --help   show this help`,
  prepare: prepareApiKeyRevoke,
} satisfies Command;
