import { PublicLink } from "@/components/PublicLink";
import type { ReactNode } from "react";

/** A small centred page for one message (confirmation, unsubscribe, not found). */
export function MessagePage({ title, children, tone = "neutral" }: { title: string; children: ReactNode; tone?: "neutral" | "success" | "problem" }) {
  const accent =
    tone === "success"
      ? "border-t-green-600"
      : tone === "problem"
        ? "border-t-orange-600"
        : "border-t-blue-600";
  return (
    <main id="main" className="mx-auto flex min-h-screen max-w-xl flex-col justify-center px-4 py-12">
      <div className={`rounded-lg border border-t-4 border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-900 ${accent}`}>
        <h1 className="text-2xl font-bold tracking-tight">{title}</h1>
        <div className="mt-3 space-y-3 text-zinc-700 dark:text-zinc-300">{children}</div>
        <p className="mt-6">
          <PublicLink href="/" className="font-medium text-blue-700 underline dark:text-blue-400">
            Back to the status page
          </PublicLink>
        </p>
      </div>
    </main>
  );
}
