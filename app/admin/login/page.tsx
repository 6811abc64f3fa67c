import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentOperator } from "@/app/admin/_lib/auth";
import { LoginForm } from "@/components/admin/LoginForm";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Log in · Herald", robots: { index: false, follow: false } };

export default async function LoginPage() {
  if (await currentOperator()) redirect("/admin");
  return (
    <main id="main" className="mx-auto flex min-h-screen max-w-sm flex-col justify-center px-4 py-12">
      <div className="rounded-lg border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
        <h1 className="text-2xl font-bold tracking-tight">Log in to Herald</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">For the people who run this status page.</p>
        <LoginForm />
      </div>
    </main>
  );
}
