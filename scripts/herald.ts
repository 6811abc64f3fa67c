// Herald's admin command line: npm run herald -- <command> [options]. See USAGE below.
// It uses the same database as the server (DATABASE_URL, or the embedded one in HERALD_DATA_DIR,
// shared with a running `npm start`) and the same use cases as the dashboard, as the "cli" actor.
// Exit codes: 0 done, 1 failed, 2 bad usage or input.
import fs from "node:fs";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { ZodError } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { describeLookupProblems, findComponentsByName } from "@/lib/components/find-by-name";
import { db } from "@/lib/db/prisma";
import { ConflictError, describeZodError, NotFoundError } from "@/lib/errors";
import { setComponentStatus } from "@/lib/components/set-status";
import { createIncident } from "@/lib/incidents/create";
import { updateIncident } from "@/lib/incidents/update";
import { fanoutStatus, type ChannelCounts, type FanoutStatus } from "@/lib/notify/fanout-status";
import { createOperator } from "@/lib/operators/create";
import { bootstrap } from "@/lib/runtime/bootstrap";
import { importSubscribers } from "@/lib/subscribers/import";
import {
  COMPONENT_STATUS_LABELS,
  COMPONENT_STATUSES,
  INCIDENT_STATUSES,
  MAINTENANCE_STATUSES,
  OPERATOR_ROLES,
  type AnyIncidentStatus,
  type ComponentStatus,
  type IncidentStatus,
  type OperatorRole,
} from "@/lib/vocabulary";

const actor: Actor = { type: "cli" };

const USAGE = `Herald admin command line

Usage: npm run herald -- <command> [options]

Commands:
  incident create      post a new incident (prints its id)
  incident update      post an update to an incident or maintenance (prints the update's id)
  incident resolve     resolve an incident, or complete a maintenance
  component set-status set a component's status outside any incident
  subscribers import   import subscribers from a CSV file
  operator create      create an operator account (prints its one-time password)
  fanout status        where every message of an incident stands, per update and channel

Run \`npm run herald -- <command> --help\` for a command's options.
The database is DATABASE_URL, or the embedded one in HERALD_DATA_DIR (default .data).`;

const RESOLVED_MESSAGE = "This incident has been resolved.";
const COMPLETED_MESSAGE = "The scheduled maintenance has been completed.";

const COMMAND_USAGE = {
  "incident create": `Usage: npm run herald -- incident create --name TEXT --message TEXT [options]

Posts a new incident, exactly as the dashboard's form does, and prints its id on stdout.

Options:
  --name TEXT                 the incident's title (required)
  --message TEXT              the first update shown on the page (required)
  --status STATUS             ${INCIDENT_STATUSES.join(" | ")} (default investigating)
  --component "NAME=STATUS"   set an affected component's status; repeat for several.
                              NAME is a component's name (any case); STATUS is one of
                              ${COMPONENT_STATUSES.join(", ")}
  --no-notify                 post without notifying subscribers
  -h, --help                  show this help`,
  "incident update": `Usage: npm run herald -- incident update INCIDENT_ID --message TEXT [options]

Posts an update to an incident or maintenance, exactly as the dashboard does, and prints the
update's id. Resolving (or completing a maintenance) this way also cancels the SMS and X messages
of its earlier updates that have not gone out yet.

Options:
  --message TEXT              the update shown on the page (required)
  --status STATUS             incidents: ${INCIDENT_STATUSES.join(" | ")}
                              maintenances: ${MAINTENANCE_STATUSES.join(" | ")}
                              (default: the status stays as it is)
  --component "NAME=STATUS"   set a component's status; repeat for several. NAME is a
                              component's name (any case) or id; STATUS is one of
                              ${COMPONENT_STATUSES.join(", ")}
  --no-notify                 post without notifying subscribers
  -h, --help                  show this help`,
  "incident resolve": `Usage: npm run herald -- incident resolve INCIDENT_ID [--message TEXT] [options]

Resolves an incident (or completes a maintenance) and prints the update's id. Its components that
are not operational are set back to operational, unless --keep-components is given. SMS and X
messages of its earlier updates that have not gone out yet are cancelled.

Options:
  --message TEXT        the closing update (default: "${RESOLVED_MESSAGE}", or for a
                        maintenance "${COMPLETED_MESSAGE}")
  --keep-components     leave the components' statuses as they are
  --no-notify           resolve without notifying subscribers
  -h, --help            show this help`,
  "component set-status": `Usage: npm run herald -- component set-status COMPONENT STATUS [--no-notify]

Sets a component's status outside any incident. COMPONENT is its name (any case) or id; STATUS is
one of ${COMPONENT_STATUSES.join(", ")}. Webhook subscribers are notified (Statuspage sends
component changes to webhooks only).

Options:
  --no-notify   change it without notifying webhook subscribers
  -h, --help    show this help`,
  "subscribers import": `Usage: npm run herald -- subscribers import FILE.csv [--confirmed]

Imports subscribers from a CSV file with the header
  channel,address,components,secret
  channel     email, sms or webhook
  address     an email address, a phone number in E.164 form (+14155550100), or a webhook URL
  components  component names separated by ";" (empty: every component)
  secret      webhook rows only: an existing Standard Webhooks secret (whsec_...); empty = generate one

Every valid row is imported; rows with problems are listed with their line number. An address
that is already subscribed is skipped. Exit code 1 when every row failed.

Options:
  --confirmed   the subscribers consented elsewhere: make them active at once
                (otherwise each is unconfirmed and is sent a confirmation message)
  -h, --help    show this help`,
  "operator create": `Usage: npm run herald -- operator create --email ADDRESS [--role ROLE] [--name NAME]

Creates an operator account with a generated password, printed once.

Options:
  --email ADDRESS   the operator's email address, used to sign in (required)
  --role ROLE       ${OPERATOR_ROLES.join(" | ")} (default admin)
  --name NAME       the operator's display name
  -h, --help        show this help`,
  "fanout status": `Usage: npm run herald -- fanout status INCIDENT_ID [--watch]

Prints, per update and channel, how many messages are sent, failed, retrying, pending, or of
unknown outcome (caught mid-send), out of the total.

Options:
  --watch      refresh every second with progress bars until everything is settled (Ctrl-C stops)
  -h, --help   show this help`,
} as const;
type Command = keyof typeof COMMAND_USAGE;

/** A problem with what the user typed: message on stderr, exit code 2. */
class UsageError extends Error {}

function parse<T extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: T, positionals = false) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: "boolean", short: "h" } }, allowPositionals: positionals, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value.trim() === "") throw new UsageError(`${flag} is required`);
  return value;
}

// ---------------------------------------------------------------------------------------------
// Commands. Each gets the arguments after its name and returns the exit code. They run after
// bootstrap() (the database is ready); what needs no database is checked by `prepare` first.

type Prepared = () => Promise<number>;

function prepareIncidentCreate(args: string[]): Prepared {
  const { values } = parse(args, {
    name: { type: "string" },
    status: { type: "string" },
    message: { type: "string" },
    component: { type: "string", multiple: true },
    "no-notify": { type: "boolean" },
  });
  const name = required(values.name, "--name");
  const message = required(values.message, "--message");
  const status = (values.status ?? "investigating").trim();
  if (!(INCIDENT_STATUSES as readonly string[]).includes(status)) {
    throw new UsageError(`Unknown status "${status}". Valid statuses: ${INCIDENT_STATUSES.join(", ")}`);
  }
  const wanted = parseComponentSpecs(values.component ?? []);

  return async () => {
    const lookup = await findComponentsByName(wanted.map((w) => w.name));
    const problem = describeLookupProblems(lookup);
    if (problem) throw new UsageError(problem);
    const { incident } = await createIncident({
      actor,
      input: {
        name,
        message,
        status: status as IncidentStatus,
        components: wanted.map((w) => ({ componentId: lookup.found.get(w.name)!.id, status: w.status })),
        deliverNotifications: !values["no-notify"],
      },
    });
    console.log(incident.id);
    return 0;
  };
}

/** "NAME=STATUS" (or "ID=STATUS") as typed after --component. */
function parseComponentSpecs(specs: string[]): { name: string; status: ComponentStatus }[] {
  return specs.map((spec) => {
    const eq = spec.lastIndexOf("=");
    const componentName = eq < 0 ? "" : spec.slice(0, eq).trim();
    const componentStatus = eq < 0 ? "" : spec.slice(eq + 1).trim();
    if (!componentName || !componentStatus) throw new UsageError(`--component "${spec}": write it as "NAME=STATUS"`);
    return { name: componentName, status: parseComponentStatus(componentStatus, `--component "${spec}": `) };
  });
}

function parseComponentStatus(value: string, context = ""): ComponentStatus {
  if (!(COMPONENT_STATUSES as readonly string[]).includes(value)) {
    throw new UsageError(`${context}unknown status "${value}". Valid statuses: ${COMPONENT_STATUSES.join(", ")}`);
  }
  return value as ComponentStatus;
}

/** Components by id (exact) or else by name, as findComponentsByName matches names. */
async function resolveComponents(refs: string[]): Promise<Map<string, { id: string; name: string; status: ComponentStatus }>> {
  const byId = await db().component.findMany({ where: { id: { in: refs } }, select: { id: true, name: true, status: true } });
  const out = new Map(byId.map((c) => [c.id, c as { id: string; name: string; status: ComponentStatus }]));
  const lookup = await findComponentsByName(refs.filter((r) => !out.has(r)));
  const problem = describeLookupProblems(lookup);
  if (problem) throw new UsageError(problem);
  for (const [name, c] of lookup.found) out.set(name, c);
  return out;
}

function prepareIncidentUpdate(args: string[]): Prepared {
  const { values, positionals } = parse(
    args,
    { status: { type: "string" }, message: { type: "string" }, component: { type: "string", multiple: true }, "no-notify": { type: "boolean" } },
    true,
  );
  const incidentId = positionals[0];
  if (!incidentId || positionals.length > 1) throw new UsageError("Give one incident id");
  const message = required(values.message, "--message");
  const status = values.status?.trim();
  const statuses: readonly string[] = [...INCIDENT_STATUSES, ...MAINTENANCE_STATUSES];
  if (status !== undefined && !statuses.includes(status)) {
    throw new UsageError(`Unknown status "${status}". Valid statuses: ${INCIDENT_STATUSES.join(", ")} (incidents); ${MAINTENANCE_STATUSES.join(", ")} (maintenances)`);
  }
  const wanted = parseComponentSpecs(values.component ?? []);
  return async () => {
    const found = await resolveComponents(wanted.map((w) => w.name));
    const { update } = await updateIncident({
      actor,
      input: {
        incidentId,
        status: status as AnyIncidentStatus | undefined,
        message,
        components: wanted.map((w) => ({ componentId: found.get(w.name)!.id, status: w.status })),
        deliverNotifications: !values["no-notify"],
      },
    });
    console.log(update.id);
    return 0;
  };
}

function prepareIncidentResolve(args: string[]): Prepared {
  const { values, positionals } = parse(
    args,
    { message: { type: "string" }, "keep-components": { type: "boolean" }, "no-notify": { type: "boolean" } },
    true,
  );
  const incidentId = positionals[0];
  if (!incidentId || positionals.length > 1) throw new UsageError("Give one incident id");
  if (values.message !== undefined && values.message.trim() === "") throw new UsageError("--message is empty");
  return async () => {
    const incident = await db().incident.findUnique({
      where: { id: incidentId },
      select: { kind: true, components: { select: { component: { select: { id: true, status: true } } } } },
    });
    if (!incident) throw new NotFoundError(`No incident or maintenance with id ${incidentId}`);
    const maintenance = incident.kind === "maintenance";
    const components = values["keep-components"]
      ? []
      : incident.components.filter((c) => c.component.status !== "operational").map((c) => ({ componentId: c.component.id, status: "operational" as const }));
    const { update, cancelledDeliveries } = await updateIncident({
      actor,
      input: {
        incidentId,
        status: maintenance ? "completed" : "resolved",
        message: values.message ?? (maintenance ? COMPLETED_MESSAGE : RESOLVED_MESSAGE),
        components,
        deliverNotifications: !values["no-notify"],
      },
    });
    console.log(update.id);
    if (cancelledDeliveries) console.error(`Cancelled ${cancelledDeliveries} queued SMS/X message(s) of earlier updates.`);
    return 0;
  };
}

function prepareComponentSetStatus(args: string[]): Prepared {
  const { values, positionals } = parse(args, { "no-notify": { type: "boolean" } }, true);
  if (positionals.length !== 2) throw new UsageError("Give the component (name or id) and its new status");
  const ref = positionals[0]!.trim();
  const status = parseComponentStatus(positionals[1]!.trim());
  return async () => {
    const found = await resolveComponents([ref]);
    const component = found.get(ref)!;
    const r = await setComponentStatus({ actor, input: { componentId: component.id, status, deliverNotifications: !values["no-notify"] } });
    console.log(
      r.changed
        ? `${component.name}: ${COMPONENT_STATUS_LABELS[component.status]} -> ${COMPONENT_STATUS_LABELS[status]}`
        : `${component.name} is already ${COMPONENT_STATUS_LABELS[status]}: nothing changed`,
    );
    return 0;
  };
}

function prepareSubscribersImport(args: string[]): Prepared {
  const { values, positionals } = parse(args, { confirmed: { type: "boolean" } }, true);
  if (positionals.length !== 1) throw new UsageError(positionals.length ? "Give one CSV file" : "Give the CSV file to import");
  const file = positionals[0]!;
  let csv: string;
  try {
    csv = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`Cannot read ${file}: ${(e as Error).message}`);
  }
  const confirmed = values.confirmed ?? false;

  return async () => {
    const result = await importSubscribers({ actor, input: { csv, confirmed } });
    const problems = [
      ...result.errors.map((p) => ({ line: p.line, text: `error: ${p.reason}` })),
      ...result.skipped.map((s) => ({ line: s.line, text: `skipped: ${s.address} is ${s.reason}` })),
    ].sort((a, b) => a.line - b.line);
    for (const p of problems) console.error(`${file}:${p.line}: ${p.text}`);
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
    const what = confirmed ? "active" : "unconfirmed; a confirmation message is queued for each";
    console.log(
      `Imported ${plural(result.imported, "subscriber")}${result.imported ? ` (${what})` : ""}; ` +
        `${result.skipped.length} already subscribed (skipped); ${plural(result.errors.length, "row")} with errors.`,
    );
    // Failed: there were rows and every one of them was refused (already subscribed is no failure).
    return result.errors.length > 0 && result.imported === 0 && result.skipped.length === 0 ? 1 : 0;
  };
}

function prepareOperatorCreate(args: string[]): Prepared {
  const { values } = parse(args, { email: { type: "string" }, role: { type: "string" }, name: { type: "string" } });
  const email = required(values.email, "--email").trim();
  const role = values.role?.trim();
  if (role !== undefined && !(OPERATOR_ROLES as readonly string[]).includes(role)) {
    throw new UsageError(`Unknown role "${role}". Valid roles: ${OPERATOR_ROLES.join(", ")}`);
  }
  return async () => {
    const { operator, password } = await createOperator({
      actor,
      input: { email, role: role as OperatorRole | undefined, name: values.name },
    });
    console.log(`Created ${operator.role} ${operator.email}`);
    console.log(`Password: ${password}`);
    console.error("The password is shown only this once: keep it somewhere safe.");
    return 0;
  };
}

function bar(done: number, total: number, width = 24): string {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}]`;
}

function renderFanout(s: FanoutStatus, withBars: boolean): string {
  const lines = [`${s.incident.name} (${s.incident.id})`];
  if (s.notifications.length === 0) lines.push("  no notifications (posted without notifying)");
  for (const n of s.notifications) {
    lines.push(`  ${n.kind} ${n.updateId ?? n.id}, ${n.createdAt.toISOString()}${n.expanding ? " (still expanding)" : ""}`);
    const channels = Object.entries(n.channels) as [string, ChannelCounts][];
    if (channels.length === 0) lines.push("    no deliveries (no subscriber on a channel that is on)");
    for (const [channel, c] of channels) {
      const finished = c.sent + c.failed + c.cancelled;
      lines.push(
        `    ${channel.padEnd(8)} ${withBars ? `${bar(finished, c.total)} ` : ""}total ${c.total}  sent ${c.sent}  failed ${c.failed}  retrying ${c.retrying}  pending ${c.pending}  unknown ${c.unknown}` +
          (c.cancelled ? `  cancelled ${c.cancelled}` : ""),
      );
    }
  }
  lines.push(s.settled ? "settled: nothing left to send" : "in progress");
  return lines.join("\n");
}

function prepareFanoutStatus(args: string[]): Prepared {
  const { values, positionals } = parse(args, { watch: { type: "boolean" } }, true);
  const incidentId = positionals[0];
  if (!incidentId || positionals.length > 1) throw new UsageError("Give one incident id");
  return async () => {
    if (!values.watch) {
      console.log(renderFanout(await fanoutStatus({ actor, input: { incidentId } }), false));
      return 0;
    }
    let stop = false;
    process.once("SIGINT", () => (stop = true));
    for (;;) {
      const s = await fanoutStatus({ actor, input: { incidentId } });
      const text = renderFanout(s, true);
      // Redraw in place on a terminal; append otherwise (logs, pipes).
      process.stdout.write(process.stdout.isTTY ? `\x1b[2J\x1b[H${text}\n` : `${text}\n\n`);
      if (s.settled || stop) return 0;
      await new Promise((r) => setTimeout(r, 1_000));
    }
  };
}

const PREPARE: Record<Command, (args: string[]) => Prepared> = {
  "fanout status": prepareFanoutStatus,
  "incident create": prepareIncidentCreate,
  "incident update": prepareIncidentUpdate,
  "incident resolve": prepareIncidentResolve,
  "component set-status": prepareComponentSetStatus,
  "subscribers import": prepareSubscribersImport,
  "operator create": prepareOperatorCreate,
};

// ---------------------------------------------------------------------------------------------

function report(e: unknown): number {
  if (e instanceof UsageError) {
    console.error(e.message);
    return 2;
  }
  if (e instanceof ZodError) {
    console.error(describeZodError(e));
    return 2;
  }
  if (e instanceof ConflictError || e instanceof NotFoundError) {
    console.error(e.message);
    return 1;
  }
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  return 1;
}

async function main(argv: string[]): Promise<number> {
  const wantsHelp = (args: string[]) => args.includes("--help") || args.includes("-h");
  const [group, verb, ...rest] = argv;
  if (group === undefined || group === "help" || group === "--help" || group === "-h") {
    console.log(USAGE);
    return group === undefined ? 2 : 0;
  }
  const command = `${group} ${verb ?? ""}`.trim();
  if (!(command in COMMAND_USAGE)) {
    const ofGroup = Object.keys(COMMAND_USAGE).filter((c) => c.startsWith(`${group} `));
    if (ofGroup.length && (verb === undefined || verb === "--help" || verb === "-h")) {
      console.log(ofGroup.map((c) => COMMAND_USAGE[c as Command]).join("\n\n"));
      return verb === undefined ? 2 : 0;
    }
    console.error(`Unknown command "${command}".\n\n${USAGE}`);
    return 2;
  }
  if (wantsHelp(rest)) {
    console.log(COMMAND_USAGE[command as Command]);
    return 0;
  }

  let run: Prepared;
  try {
    run = PREPARE[command as Command](rest);
  } catch (e) {
    const code = report(e);
    if (e instanceof UsageError) console.error(`See: npm run herald -- ${command} --help`);
    return code;
  }

  const { database } = await bootstrap();
  let code: number;
  try {
    code = await run();
  } catch (e) {
    code = report(e);
  }
  await db()
    .$disconnect()
    .catch(() => undefined);
  await database.stop();
  return code;
}

process.exit(await main(process.argv.slice(2)));
