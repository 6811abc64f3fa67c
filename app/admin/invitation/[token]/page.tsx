import type { Metadata } from "next";
import Link from "next/link";
import { openLink, pageName } from "@/lib/admin/operators";
import { PASSWORD_MIN } from "@/lib/operators/rules";
import { InvitationAcceptForm } from "@/components/admin/InvitationAcceptForm";
import { Time } from "@/components/Time";

export const dynamic = "force-dynamic";
// The token is in the address: no page it links to learns it.
export const metadata: Metadata = { title: "Accept your invitation · Herald", robots: { index: false, follow: false }, referrer: "no-referrer" };

const BOX = "rounded-lg border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-900";

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [link, name] = await Promise.all([openLink(token, "invitation"), pageName()]);
  return (
    <main id="main" className="mx-auto flex min-h-screen max-w-sm flex-col justify-center px-4 py-12">
      <div className={BOX}>
        {link ? (
          <>
            <h1 className="text-2xl font-bold tracking-tight">Join {name}</h1>
            <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
              You were invited to help run this status page as <strong className="break-all">{link.email}</strong>. Choose your name and a password;
              this link works once, until <Time date={link.expiresAt} />.
            </p>
            <InvitationAcceptForm token={token} email={link.email} minLength={PASSWORD_MIN} />
          </>
        ) : (
          <>
            <h1 className="text-2xl font-bold tracking-tight">This invitation no longer works</h1>
            <p className="mt-3 text-zinc-700 dark:text-zinc-300">
              It was used already, a newer invitation replaced it, or it expired. Ask the owner of the page to send you a new one.
            </p>
            <p className="mt-4">
              <Link href="/admin/login" className="font-medium text-blue-700 underline dark:text-blue-400">
                Log in
              </Link>
            </p>
          </>
        )}
      </div>
    </main>
  );
}
