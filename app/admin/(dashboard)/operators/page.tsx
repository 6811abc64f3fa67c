import type { Metadata } from "next";
import Link from "next/link";
import { can } from "@/lib/auth/actor";
import { listOperators, roleTable } from "@/lib/admin/operators";
import type { OperatorState } from "@/lib/operators/rules";
import { OPERATOR_ROLES, type OperatorRole } from "@/lib/vocabulary";
import { requireOperator } from "@/app/admin/_lib/auth";
import { OperatorInviteForm } from "@/components/admin/OperatorInviteForm";
import { OperatorRowActions } from "@/components/admin/OperatorRowActions";
import { Time } from "@/components/Time";
import { Notice } from "@/components/admin/Notice";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Operators · Herald" };

/** Fixed notices, chosen by key: the query string never puts its own text on the page. */
const NOTICES: Record<string, string> = {
  invited: "Invitation sent",
  "invitation-resent": "A new invitation was sent; the earlier link no longer works",
  disabled: "Operator disabled and logged out",
  enabled: "Operator enabled",
};

const ROLE_LABELS: Record<OperatorRole, string> = { owner: "Owner", admin: "Admin", editor: "Editor" };
const STATE_LABELS: Record<OperatorState, string> = { invited: "Invited", active: "Active", disabled: "Disabled" };
const STATE_STYLES: Record<OperatorState, string> = {
  invited: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  active: "bg-green-100 text-green-900 dark:bg-green-950 dark:text-green-200",
  disabled: "bg-zinc-200 text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200",
};

const CARD = "rounded-lg border border-zinc-200 bg-white p-5 dark:border-zinc-800 dark:bg-zinc-900";
const TH = "px-3 py-2 text-left text-sm font-semibold";
const TD = "px-3 py-2 align-top text-sm";

function RoleTable() {
  const rows = roleTable();
  return (
    <table className="w-full border-collapse">
      <caption className="sr-only">What each role may do</caption>
      <thead>
        <tr className="border-b border-zinc-200 dark:border-zinc-800">
          <th scope="col" className={TH}>
            Permission
          </th>
          {OPERATOR_ROLES.map((r) => (
            <th key={r} scope="col" className={`${TH} text-center`}>
              {ROLE_LABELS[r]}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.permission} className="border-b border-zinc-100 last:border-0 dark:border-zinc-800">
            <th scope="row" className={`${TD} text-left font-normal`}>
              {row.label}
            </th>
            {OPERATOR_ROLES.map((r) => (
              <td key={r} className={`${TD} text-center`}>
                {row.roles[r] ? (
                  <span aria-label="Yes" className="font-semibold text-green-700 dark:text-green-400">
                    ✓
                  </span>
                ) : (
                  <span aria-label="No" className="text-zinc-400 dark:text-zinc-600">
                    –
                  </span>
                )}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default async function OperatorsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireOperator();
  if (!can(actor, "operator.write")) {
    return (
      <div className="space-y-6">
        <h1 className="text-2xl font-bold tracking-tight">Operators</h1>
        <p role="status" className="rounded-md border border-zinc-300 bg-zinc-50 px-4 py-3 dark:border-zinc-700 dark:bg-zinc-900">
          Only the owner manages operators. You can change your own password on <Link href="/admin/account">your account page</Link>.
        </p>
        <section aria-labelledby="roles-heading" className={CARD}>
          <h2 id="roles-heading" className="text-lg font-semibold">
            What each role may do
          </h2>
          <div className="mt-3 overflow-x-auto">
            <RoleTable />
          </div>
        </section>
      </div>
    );
  }
  const { notice } = await searchParams;
  const noticeText = typeof notice === "string" ? NOTICES[notice] : undefined;
  const operators = await listOperators({ actor });
  return (
    <div className="space-y-8">
      <Notice text={noticeText} />
      <h1 className="text-2xl font-bold tracking-tight">Operators</h1>

      <section aria-labelledby="list-heading" className="space-y-3">
        <h2 id="list-heading" className="text-lg font-semibold">
          Who runs this page
        </h2>
        <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
          <table className="w-full border-collapse">
            <thead>
              <tr className="border-b border-zinc-200 dark:border-zinc-800">
                <th scope="col" className={TH}>
                  Operator
                </th>
                <th scope="col" className={TH}>
                  Role
                </th>
                <th scope="col" className={TH}>
                  State
                </th>
                <th scope="col" className={TH}>
                  Last log-in
                </th>
                <th scope="col" className={TH}>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {operators.map((o) => (
                <tr key={o.id} className="border-b border-zinc-100 last:border-0 dark:border-zinc-800">
                  <th scope="row" className={`${TD} text-left font-normal`}>
                    <span className="font-medium break-all">{o.email}</span>
                    {o.name ? <span className="block text-zinc-600 dark:text-zinc-400">{o.name}</span> : null}
                  </th>
                  <td className={TD}>{ROLE_LABELS[o.role]}</td>
                  <td className={TD}>
                    <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${STATE_STYLES[o.state]}`}>{STATE_LABELS[o.state]}</span>
                    {o.state === "invited" ? (
                      <span className="mt-1 block text-xs text-zinc-600 dark:text-zinc-400">
                        {o.invitationExpiresAt ? (
                          <>
                            Link valid until <Time date={o.invitationExpiresAt} />
                          </>
                        ) : (
                          "The link expired: resend it"
                        )}
                      </span>
                    ) : null}
                  </td>
                  <td className={TD}>{o.lastLoginAt ? <Time date={o.lastLoginAt} /> : <span className="text-zinc-600 dark:text-zinc-400">Never</span>}</td>
                  <td className={TD}>
                    <OperatorRowActions operatorId={o.id} email={o.email} state={o.state} isYou={o.isYou} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="invite-heading" className={`${CARD} space-y-3`}>
        <h2 id="invite-heading" className="text-lg font-semibold">
          Invite an operator
        </h2>
        <OperatorInviteForm />
      </section>

      <section aria-labelledby="roles-heading" className={CARD}>
        <h2 id="roles-heading" className="text-lg font-semibold">
          What each role may do
        </h2>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">There is one owner. Everyone can change their own password and log out everywhere.</p>
        <div className="mt-3 overflow-x-auto">
          <RoleTable />
        </div>
      </section>
    </div>
  );
}
