// npm run herald -- fanout status
import { fanoutStatus, type ChannelCounts, type FanoutStatus } from "@/lib/notify/fanout-status";
import { actor, parse, UsageError, type Command, type Prepared } from "./command";

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

export default {
  name: "fanout status",
  summary: "where every message of an incident stands, per update and channel",
  usage: `Usage: npm run herald -- fanout status INCIDENT_ID [--watch]

Prints, per update and channel, how many messages are sent, failed, retrying, pending, or of
unknown outcome (caught mid-send), out of the total.

Options:
  --watch      refresh every second with progress bars until everything is settled (Ctrl-C stops)
  -h, --help   show this help`,
  prepare: prepareFanoutStatus,
} satisfies Command;
