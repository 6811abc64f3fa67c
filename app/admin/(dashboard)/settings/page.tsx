import type { Metadata } from "next";
import { can } from "@/lib/auth/actor";
import { getConfig } from "@/lib/config";
import { getPageSettings } from "@/lib/settings/get";
import { fromAddress } from "@/lib/settings/sender";
import { requireOperator } from "@/app/admin/_lib/auth";
import { SettingsForm } from "@/components/admin/SettingsForm";
import { Notice } from "@/components/admin/Notice";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Settings · Herald" };

/** Fixed notices, chosen by key: the query string never puts its own text on the page. */
const NOTICES: Record<string, string> = {
  "settings-saved": "Settings saved. The status page shows them now.",
  "demo-removed": "The demo content was removed. Name your page here, then add its components.",
};

export default async function SettingsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireOperator();
  const { notice } = await searchParams;
  const noticeText = typeof notice === "string" ? NOTICES[notice] : undefined;
  const settings = await getPageSettings();

  return (
    <div className="max-w-2xl space-y-8">
      <Notice text={noticeText} />
      <div>
        <h1 className="text-2xl font-bold tracking-tight">Settings</h1>
        <p className="mt-1 text-zinc-600 dark:text-zinc-400">The page&apos;s name, address, look and what goes out by SMS and X.</p>
      </div>
      <SettingsForm
        current={{
          name: settings.name,
          url: settings.url,
          timeZone: settings.timeZone,
          logoUrl: settings.logoUrl ?? "",
          brandColor: settings.brandColor,
          supportUrl: settings.supportUrl ?? "",
          xHandle: settings.xHandle ?? "",
          smsEvents: settings.smsEvents,
          xEvents: settings.xEvents,
          emailSenderName: settings.emailSenderName ?? "",
        }}
        timeZones={["Etc/UTC", ...Intl.supportedValuesOf("timeZone")]}
        fromAddress={fromAddress(getConfig().SMTP_FROM)}
        canWrite={can(actor, "settings.write")}
      />
    </div>
  );
}
