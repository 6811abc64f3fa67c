import type { Metadata } from "next";
import Link from "next/link";
import { openLink } from "@/lib/admin/operators";
import { PASSWORD_MIN } from "@/lib/operators/rules";
import { PasswordResetForm } from "@/components/admin/PasswordResetForm";
import { Time } from "@/components/Time";

export const dynamic = "force-dynamic";
// The token is in the address: no page it links to learns it.
export const metadata: Metadata = { title: "Choose a new password · Herald", robots: { index: false, follow: false }, referrer: "no-referrer" };

const BOX = "rounded-lg border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-900";

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const link = await openLink(token, "password_reset");
  return (
    <main id="main" className="mx-auto flex min-h-screen max-w-sm flex-col justify-center px-4 py-12">
      <div className={BOX}>
        {link ? (
          <>
            <h1 className="text-2xl font-bold tracking-tight">Choose a new password</h1>
            <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
              For <strong className="break-all">{link.email}</strong>. This link works once, until <Time date={link.expiresAt} />. Every session of
              the account is logged out.
            </p>
            <PasswordResetForm token={token} email={link.email} minLength={PASSWORD_MIN} />
          </>
        ) : (
          <>
            <h1 className="text-2xl font-bold tracking-tight">This link no longer works</h1>
            <p className="mt-3 text-zinc-700 dark:text-zinc-300">It was used already, a newer link replaced it, or its hour is over.</p>
            <p className="mt-4">
              <Link href="/admin/forgot-password" className="font-medium text-blue-700 underline dark:text-blue-400">
                Ask for a new link
              </Link>
            </p>
          </>
        )}
      </div>
    </main>
  );
}
