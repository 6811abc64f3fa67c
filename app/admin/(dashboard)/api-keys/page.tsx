import type { Metadata } from "next";
import { requireOperator } from "@/app/admin/_lib/auth";
import { can } from "@/lib/auth/actor";
import { listApiKeys } from "@/lib/admin/api-keys";
import { ApiKeyCreateForm } from "@/components/admin/ApiKeyCreateForm";
import { ApiKeyRevokeForm } from "@/components/admin/ApiKeyRevokeForm";
import { Time } from "@/components/Time";
import { Notice } from "@/components/admin/Notice";

export const dynamic = "force-dynamic";
// The page can show a new key: keep it out of any Referer.
export const metadata: Metadata = { title: "API keys · Herald", referrer: "no-referrer" };

const NOTICES: Record<string, string> = { "key-revoked": "API key revoked" };

const CARD = "rounded-lg border border-zinc-200 bg-white p-5 dark:border-zinc-800 dark:bg-zinc-900";
const TH = "px-3 py-2 font-medium";
const TD = "px-3 py-2 align-top";

export default async function ApiKeysPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireOperator();
  const { notice } = await searchParams;
  const noticeText = typeof notice === "string" ? NOTICES[notice] : undefined;

  if (!can(actor, "apikey.write")) {
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-bold tracking-tight">API keys</h1>
        <p className="text-zinc-700 dark:text-zinc-300">Your account cannot manage API keys: an owner or admin can.</p>
      </div>
    );
  }
  const keys = await listApiKeys({ actor });
  const live = keys.filter((k) => !k.revokedAt);
  const revoked = keys.filter((k) => k.revokedAt);

  return (
    <div className="space-y-8">
      <Notice text={noticeText} />
      <div>
        <h1 className="text-2xl font-bold tracking-tight">API keys</h1>
        <p className="mt-1 text-zinc-600 dark:text-zinc-400">
          Keys for the Manage API. A key acts with its role, never more than the operator it belongs to; Herald keeps only its hash.
        </p>
      </div>

      <section aria-labelledby="new-key-heading" className={`${CARD} space-y-4`}>
        <h2 id="new-key-heading" className="text-lg font-semibold">
          New API key
        </h2>
        <ApiKeyCreateForm />
      </section>

      <section aria-labelledby="keys-heading" className="space-y-3">
        <h2 id="keys-heading" className="text-lg font-semibold">
          Keys in use
        </h2>
        {live.length === 0 ? (
          <p className="text-zinc-600 dark:text-zinc-400">No API keys.</p>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
            <table className="w-full min-w-[44rem] text-left text-sm">
              <thead className="bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
                <tr>
                  <th scope="col" className={TH}>Name</th>
                  <th scope="col" className={TH}>Key</th>
                  <th scope="col" className={TH}>Role</th>
                  <th scope="col" className={TH}>Belongs to</th>
                  <th scope="col" className={TH}>Created</th>
                  <th scope="col" className={TH}>Last used</th>
                  <th scope="col" className={TH}>
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-200 bg-white dark:divide-zinc-800 dark:bg-zinc-900">
                {live.map((k) => (
                  <tr key={k.id}>
                    <th scope="row" className={`${TD} font-medium`}>
                      {k.name}
                    </th>
                    <td className={`${TD} font-mono whitespace-nowrap`}>{k.prefix}…</td>
                    <td className={`${TD} capitalize`}>{k.role}</td>
                    <td className={TD}>{k.operator.email}</td>
                    <td className={`${TD} whitespace-nowrap`}>
                      <Time date={k.createdAt} />
                    </td>
                    <td className={`${TD} whitespace-nowrap`}>{k.lastUsedAt ? <Time date={k.lastUsedAt} /> : "Never"}</td>
                    <td className={TD}>
                      <ApiKeyRevokeForm apiKey={{ id: k.id, name: k.name, prefix: k.prefix }} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {revoked.length ? (
        <section aria-labelledby="revoked-heading" className="space-y-3">
          <h2 id="revoked-heading" className="text-lg font-semibold">
            Revoked keys
          </h2>
          <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
            <table className="w-full min-w-[40rem] text-left text-sm text-zinc-600 dark:text-zinc-400">
              <thead className="bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
                <tr>
                  <th scope="col" className={TH}>Name</th>
                  <th scope="col" className={TH}>Key</th>
                  <th scope="col" className={TH}>Role</th>
                  <th scope="col" className={TH}>Belonged to</th>
                  <th scope="col" className={TH}>Last used</th>
                  <th scope="col" className={TH}>Revoked</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-200 bg-white dark:divide-zinc-800 dark:bg-zinc-900">
                {revoked.map((k) => (
                  <tr key={k.id}>
                    <th scope="row" className={`${TD} font-medium`}>
                      {k.name}
                    </th>
                    <td className={`${TD} font-mono whitespace-nowrap`}>{k.prefix}…</td>
                    <td className={`${TD} capitalize`}>{k.role}</td>
                    <td className={TD}>{k.operator.email}</td>
                    <td className={`${TD} whitespace-nowrap`}>{k.lastUsedAt ? <Time date={k.lastUsedAt} /> : "Never"}</td>
                    <td className={`${TD} whitespace-nowrap`}>
                      <Time date={k.revokedAt!} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </div>
  );
}
