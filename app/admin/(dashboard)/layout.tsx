import type { Metadata } from "next";
import type { ReactNode } from "react";
import Link from "next/link";
import { requireOperator } from "@/app/admin/_lib/auth";
import { AdminNav } from "@/components/admin/AdminNav";
import { DemoBanner } from "@/components/admin/DemoBanner";
import { can } from "@/lib/auth/actor";
import { isDemo } from "@/lib/settings/get";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { robots: { index: false, follow: false } };

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const operator = await requireOperator();
  const demo = await isDemo();
  return (
    <>
      <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        <div className="mx-auto flex max-w-5xl flex-col gap-3 px-4 py-3 sm:flex-row sm:items-center sm:gap-6">
          <p className="flex items-baseline gap-2">
            <span className="text-lg font-bold tracking-tight">Herald</span>
            <Link href="/" className="text-sm text-blue-700 underline dark:text-blue-400">
              View status page
            </Link>
          </p>
          <div className="flex-1">
            <AdminNav email={operator.email} canPost={can(operator, "incident.write")} />
          </div>
        </div>
      </header>
      {demo ? <DemoBanner canRemove={can(operator, "settings.write")} /> : null}
      <main id="main" className="mx-auto max-w-5xl px-4 py-8">
        {children}
      </main>
    </>
  );
}
