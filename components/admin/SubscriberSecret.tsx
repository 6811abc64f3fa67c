"use client";
import { useState } from "react";

/** A webhook's signing secret, shown once: it is not stored anywhere the dashboard can show it again. */
export function SubscriberSecret({ address, secret, title }: { address: string; secret: string; title: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div role="status" className="space-y-2 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
      <p className="font-semibold">{title}</p>
      <p>
        The signing secret for <span className="break-all">{address}</span>. Copy it now: it is shown only this once. Messages are signed with
        it as Standard Webhooks describes (webhook-signature header).
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <span className="sr-only">Signing secret:</span>
        <code className="rounded bg-white px-2 py-1 font-mono text-xs break-all text-zinc-900 dark:bg-zinc-900 dark:text-zinc-100">
          {secret}
        </code>
        <button
          type="button"
          onClick={() => {
            void navigator.clipboard?.writeText(secret).then(() => setCopied(true));
          }}
          className="rounded-md border border-amber-400 px-2 py-1 text-xs font-medium hover:bg-amber-100 dark:border-amber-600 dark:hover:bg-amber-900"
        >
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
    </div>
  );
}
