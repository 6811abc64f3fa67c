import type { Metadata } from "next";
import Link from "next/link";
import { listCapturedMessages } from "@/lib/captured/list";
import { CHANNEL_LABELS } from "@/lib/vocabulary";
import { requireOperator } from "@/app/admin/_lib/auth";
import { Linkified } from "@/components/Linkified";
import { Time } from "@/components/Time";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Captured mail · Herald", referrer: "no-referrer" };

export default async function CapturedMailPage() {
  const actor = await requireOperator();
  const messages = await listCapturedMessages({ actor, input: { limit: 100 } });
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold tracking-tight">Captured mail</h1>
        <Link href="/admin/mail" className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium no-underline hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800">
          Refresh
        </Link>
      </div>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        With no real mail provider configured, Herald catches the messages it sends and keeps them here, newest first.
      </p>
      {messages.length === 0 ? (
        <p className="text-zinc-600 dark:text-zinc-400">No captured mail yet.</p>
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
                    <span className="sr-only">Subject: </span>
                    {m.subject ?? "(no subject)"}
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
