import type { Metadata } from "next";
import Link from "next/link";
import { listCapturedMessages } from "@/lib/captured/list";
import { CHANNEL_LABELS, type Channel } from "@/lib/vocabulary";
import { requireOperator } from "@/app/admin/_lib/auth";
import { Linkified } from "@/components/Linkified";
import { Time } from "@/components/Time";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Captured mail · Herald", referrer: "no-referrer" };

/** The channels whose local fakes capture what Herald sends (npm start): mail, SMS, X posts. */
const FILTERS: { channel: Channel | undefined; label: string }[] = [
  { channel: undefined, label: "All" },
  { channel: "email", label: CHANNEL_LABELS.email },
  { channel: "sms", label: CHANNEL_LABELS.sms },
  { channel: "x", label: CHANNEL_LABELS.x },
];

/** What the summary line says: the subject of an email; an SMS or a post has none, so its first line. */
function summary(m: { channel: Channel; subject: string | null; text: string | null }): string {
  if (m.subject) return m.subject;
  const first = m.text?.split("\n").find((l) => l.trim() !== "")?.trim();
  if (m.channel !== "email" && first) return first.length > 120 ? `${first.slice(0, 119)}…` : first;
  return "(no subject)";
}

type Props = { searchParams: Promise<{ channel?: string | string[] }> };

export default async function CapturedMailPage({ searchParams }: Props) {
  const actor = await requireOperator();
  const asked = (await searchParams).channel;
  const channel = FILTERS.find((f) => f.channel !== undefined && f.channel === asked)?.channel;
  const messages = await listCapturedMessages({ actor, input: { limit: 100, ...(channel ? { channel } : {}) } });
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold tracking-tight">Captured mail</h1>
        <Link
          href={channel ? `/admin/mail?channel=${channel}` : "/admin/mail"}
          className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium no-underline hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
        >
          Refresh
        </Link>
      </div>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        With no real provider configured (mail, Twilio for SMS, X), Herald sends through local stand-ins that keep what they receive here, newest
        first.
      </p>
      <nav aria-label="Channel" className="flex flex-wrap gap-2 text-sm">
        {FILTERS.map((f) => (
          <Link
            key={f.label}
            href={f.channel ? `/admin/mail?channel=${f.channel}` : "/admin/mail"}
            aria-current={f.channel === channel ? "page" : undefined}
            className="rounded-full border border-zinc-300 px-3 py-1 no-underline hover:bg-zinc-100 aria-[current=page]:bg-zinc-900 aria-[current=page]:text-white dark:border-zinc-700 dark:hover:bg-zinc-800 dark:aria-[current=page]:bg-zinc-100 dark:aria-[current=page]:text-zinc-900"
          >
            {f.label}
          </Link>
        ))}
      </nav>
      {messages.length === 0 ? (
        <p className="text-zinc-600 dark:text-zinc-400">{channel ? `No captured ${CHANNEL_LABELS[channel]} messages yet.` : "No captured mail yet."}</p>
      ) : (
        <ol className="space-y-2">
          {messages.map((m) => (
            <li key={m.id}>
              <details className="group rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
                <summary className="grid cursor-pointer grid-cols-1 gap-x-4 gap-y-0.5 px-4 py-3 sm:grid-cols-[11rem_16rem_1fr]">
                  <Time date={m.createdAt} className="text-sm text-zinc-600 dark:text-zinc-400" />
                  <span className="text-sm break-all">
                    <span className="sr-only">To: </span>
                    {m.recipient}
                    {m.channel !== "email" ? <span className="ml-1 text-zinc-500">({CHANNEL_LABELS[m.channel]})</span> : null}
                  </span>
                  <span className="font-medium">
                    <span className="sr-only">{m.subject || m.channel === "email" ? "Subject: " : "Text: "}</span>
                    {summary(m)}
                  </span>
                </summary>
                <div className="border-t border-zinc-200 px-4 py-3 dark:border-zinc-800">
                  {m.text ? (
                    <pre className="overflow-x-auto font-mono text-sm break-words whitespace-pre-wrap">
                      <Linkified text={m.text} />
                    </pre>
                  ) : (
                    <p className="text-sm text-zinc-600 dark:text-zinc-400">This message has no text part.</p>
                  )}
                </div>
              </details>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
