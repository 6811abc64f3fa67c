import type { Metadata } from "next";
import { loadAccount } from "@/lib/admin/operators";
import { PASSWORD_MIN } from "@/lib/operators/rules";
import { requireOperator } from "@/app/admin/_lib/auth";
import { AccountLogoutEverywhere } from "@/components/admin/AccountLogoutEverywhere";
import { PasswordChangeForm } from "@/components/admin/PasswordChangeForm";
import { Time } from "@/components/Time";
import { Notice } from "@/components/admin/Notice";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Your account · Herald" };

/** Fixed notices, chosen by key: the query string never puts its own text on the page. */
const NOTICES: Record<string, string> = { "password-changed": "Password changed. Your other sessions were logged out." };

const ROLE_LABELS = { owner: "Owner", admin: "Admin", editor: "Editor" } as const;
const CARD = "rounded-lg border border-zinc-200 bg-white p-5 dark:border-zinc-800 dark:bg-zinc-900";

export default async function AccountPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireOperator();
  const { notice } = await searchParams;
  const noticeText = typeof notice === "string" ? NOTICES[notice] : undefined;
  const account = await loadAccount({ actor });
  return (
    <div className="space-y-8">
      <Notice text={noticeText} />
      <h1 className="text-2xl font-bold tracking-tight">Your account</h1>
      <dl className="grid max-w-md grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-zinc-600 dark:text-zinc-400">Email</dt>
        <dd className="font-medium break-all">{account.email}</dd>
        {account.name ? (
          <>
            <dt className="text-zinc-600 dark:text-zinc-400">Name</dt>
            <dd className="font-medium">{account.name}</dd>
          </>
        ) : null}
        <dt className="text-zinc-600 dark:text-zinc-400">Role</dt>
        <dd className="font-medium">{ROLE_LABELS[account.role]}</dd>
        <dt className="text-zinc-600 dark:text-zinc-400">Password changed</dt>
        <dd className="font-medium">{account.passwordChangedAt ? <Time date={account.passwordChangedAt} /> : "Never"}</dd>
      </dl>

      <section aria-labelledby="password-heading" className={`${CARD} space-y-3`}>
        <h2 id="password-heading" className="text-lg font-semibold">
          Change your password
        </h2>
        <PasswordChangeForm minLength={PASSWORD_MIN} />
      </section>

      <section aria-labelledby="sessions-heading" className={`${CARD} space-y-3`}>
        <h2 id="sessions-heading" className="text-lg font-semibold">
          Sessions
        </h2>
        <p className="text-sm text-zinc-700 dark:text-zinc-300">
          Your account is logged in {account.sessions === 1 ? "in 1 place" : `in ${account.sessions} places`} (browsers or devices). A lost laptop or a
          shared computer? Log out everywhere.
        </p>
        <AccountLogoutEverywhere sessions={account.sessions} />
      </section>
    </div>
  );
}
