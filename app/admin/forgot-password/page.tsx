import type { Metadata } from "next";
import Link from "next/link";
import { PasswordForgotForm } from "@/components/admin/PasswordForgotForm";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Forgot password · Herald", robots: { index: false, follow: false } };

export default function ForgotPasswordPage() {
  return (
    <main id="main" className="mx-auto flex min-h-screen max-w-sm flex-col justify-center px-4 py-12">
      <div className="rounded-lg border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
        <h1 className="text-2xl font-bold tracking-tight">Forgot password</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Enter the address you log in with: we mail you a link to choose a new password.</p>
        <PasswordForgotForm />
        <p className="mt-4 text-center text-sm">
          <Link href="/admin/login" className="text-blue-700 underline dark:text-blue-400">
            Back to log in
          </Link>
        </p>
      </div>
    </main>
  );
}
