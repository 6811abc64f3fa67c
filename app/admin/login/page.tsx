import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { currentOperator } from "@/app/admin/_lib/auth";
import { LoginForm } from "@/components/admin/LoginForm";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Log in · Herald", robots: { index: false, follow: false } };

/** Fixed notices, chosen by key: the query string never puts its own text on the page. */
const NOTICES: Record<string, string> = {
  "password-reset": "Your password was changed. Log in with it.",
  "logged-out-everywhere": "You were logged out everywhere.",
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (await currentOperator()) redirect("/admin");
  const { notice } = await searchParams;
  const noticeText = typeof notice === "string" ? NOTICES[notice] : undefined;
  return (
    <main id="main" className="mx-auto flex min-h-screen max-w-sm flex-col justify-center px-4 py-12">
      <div className="rounded-lg border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
        <h1 className="text-2xl font-bold tracking-tight">Log in to Herald</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">For the people who run this status page.</p>
        {noticeText ? (
          <p role="status" className="mt-4 rounded-md border border-green-300 bg-green-50 px-3 py-2 text-sm font-medium text-green-900 dark:border-green-800 dark:bg-green-950 dark:text-green-200">
            {noticeText}
          </p>
        ) : null}
        <LoginForm />
        <p className="mt-4 text-center text-sm">
          <Link href="/admin/forgot-password" className="text-blue-700 underline dark:text-blue-400">
            Forgot password?
          </Link>
        </p>
      </div>
    </main>
  );
}
