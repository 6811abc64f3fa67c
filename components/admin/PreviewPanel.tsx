// What a post would send, channel by channel, as the preview composed it (lib/incidents/preview.ts):
// who gets it, and the message itself: the email as rendered (in a sandboxed frame: no scripts,
// no links followed), the SMS with its segments, the X post with its weighted length, the webhook JSON.
import type { ChannelPreview, IncidentPreview } from "@/lib/incidents/preview";
import { CHANNEL_LABELS, IMPACT_LABELS } from "@/lib/vocabulary";

const KIND_LABELS: Record<string, string> = {
  incident_created: "a new incident",
  incident_updated: "an update",
  incident_resolved: "a resolution",
  maintenance_started: "a maintenance starting",
  maintenance_completed: "a maintenance completed",
};

const PRE = "max-h-80 overflow-auto rounded-md bg-zinc-100 p-3 text-sm whitespace-pre-wrap break-words dark:bg-zinc-950";
const CARD = "space-y-2 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800";

function plural(n: number, one: string, many: string) {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}

function who(c: ChannelPreview): string {
  if (!c.sends) return "Not sent";
  if (c.channel === "x") return "Posted on the page's X account";
  return plural(c.recipients, "subscriber", "subscribers");
}

function Message({ c, idPrefix }: { c: ChannelPreview; idPrefix: string }) {
  if (c.email) {
    return (
      <div className="space-y-2">
        <p className="text-sm">
          <span className="text-zinc-600 dark:text-zinc-400">From:</span> {c.email.from}
        </p>
        <p className="text-sm">
          <span className="text-zinc-600 dark:text-zinc-400">Subject:</span> {c.email.subject}
        </p>
        <iframe title={`Email preview: ${c.email.subject}`} srcDoc={c.email.html} sandbox="" className="h-96 w-full rounded-md border border-zinc-200 bg-white dark:border-zinc-700" />
        <details>
          <summary className="cursor-pointer text-sm">Plain-text version</summary>
          <pre className={PRE}>{c.email.text}</pre>
        </details>
      </div>
    );
  }
  if (c.sms) {
    return (
      <div className="space-y-1">
        <pre className={PRE} aria-describedby={`${idPrefix}-sms-length`}>
          {c.sms.body}
        </pre>
        <p id={`${idPrefix}-sms-length`} className="text-sm text-zinc-600 dark:text-zinc-400">
          {plural(c.sms.characters, "character", "characters")} ({c.sms.encoding}), {plural(c.sms.segments, "segment", "segments")}
        </p>
      </div>
    );
  }
  if (c.x) {
    return (
      <div className="space-y-1">
        <pre className={PRE} aria-describedby={`${idPrefix}-x-length`}>
          {c.x.text}
        </pre>
        <p id={`${idPrefix}-x-length`} className={c.x.weightedLength > c.x.max ? "text-sm font-semibold text-red-700 dark:text-red-400" : "text-sm text-zinc-600 dark:text-zinc-400"}>
          {c.x.weightedLength} / {c.x.max} as X counts it · {c.x.custom ? "your own post" : "composed from the update"}
        </p>
      </div>
    );
  }
  if (c.webhook) {
    return (
      <details>
        <summary className="cursor-pointer text-sm">JSON body (one subscriber&apos;s)</summary>
        <pre className={`${PRE} font-mono text-xs`}>{c.webhook.json}</pre>
      </details>
    );
  }
  return null;
}

/** `level`: the heading level of "Preview" where the panel sits (its channels' headings are one below). */
export function PreviewPanel({ preview, stale, idPrefix, level = 2 }: { preview: IncidentPreview; stale: boolean; idPrefix: string; level?: 2 | 3 }) {
  const Heading = level === 2 ? "h2" : "h3";
  const Sub = level === 2 ? "h3" : "h4";
  return (
    <section aria-labelledby={`${idPrefix}-heading`} className="space-y-4 rounded-lg border-2 border-blue-300 p-4 dark:border-blue-800">
      <div className="space-y-1">
        <Heading id={`${idPrefix}-heading`} className="text-lg font-semibold">
          Preview
        </Heading>
        <p className="text-sm text-zinc-700 dark:text-zinc-300">
          Nothing has been sent. Posting sends {KIND_LABELS[preview.kind] ?? "this notice"} with the impact {IMPACT_LABELS[preview.impact].toLowerCase()}
          {preview.notify ? "" : ", without notifying anyone"}.
        </p>
        {stale ? (
          <p role="status" className="text-sm font-medium text-amber-800 dark:text-amber-300">
            The form changed since this preview: preview again to see what will be sent.
          </p>
        ) : null}
      </div>
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Who gets it, per channel</caption>
        <thead>
          <tr className="border-b border-zinc-200 dark:border-zinc-800">
            <th scope="col" className="py-1 pr-4 font-semibold">
              Channel
            </th>
            <th scope="col" className="py-1 pr-4 font-semibold">
              Recipients
            </th>
            <th scope="col" className="py-1 font-semibold">
              Why not
            </th>
          </tr>
        </thead>
        <tbody>
          {preview.channels.map((c) => (
            <tr key={c.channel} className="border-b border-zinc-100 dark:border-zinc-800">
              <th scope="row" className="py-1 pr-4 font-medium">
                {CHANNEL_LABELS[c.channel]}
              </th>
              <td className="py-1 pr-4 tabular-nums">{who(c)}</td>
              <td className="py-1 text-zinc-600 dark:text-zinc-400">{c.reason ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {preview.channels.map((c) => (
        <div key={c.channel} className={`${CARD} ${c.sends ? "" : "opacity-75"}`}>
          <Sub className="font-semibold">
            {CHANNEL_LABELS[c.channel]} <span className="text-sm font-normal text-zinc-600 dark:text-zinc-400">· {who(c)}</span>
          </Sub>
          <Message c={c} idPrefix={`${idPrefix}-${c.channel}`} />
        </div>
      ))}
    </section>
  );
}
