// The frame of every public page: header, main content, footer, live updates and the page's time
// zone for <Time>. Everything in it comes from the snapshot: the same HTML for every visitor.
import type { ReactNode } from "react";
import { PublicLink } from "@/components/PublicLink";
import type { PublicSnapshot } from "@/lib/public/snapshot";
import { homeTitle, pageZone, status } from "@/app/_lib/public";
import { contentStamp } from "@/lib/public/cache";
import { LiveUpdates } from "@/components/LiveUpdates";
import { PageHeader } from "@/components/PageHeader";
import { TimeZoneProvider } from "@/components/TimeZoneProvider";
import { TimeZoneSwitch } from "@/components/TimeZoneSwitch";

export function PublicPage({ snapshot, title, titleIsHeading = false, children }: { snapshot: PublicSnapshot; title?: string; titleIsHeading?: boolean; children: ReactNode }) {
  const { page } = snapshot;
  const s = status(snapshot);
  return (
    <TimeZoneProvider zone={pageZone(snapshot)}>
      <PageHeader name={page.name} logoUrl={page.logoUrl} brandColor={page.brandColor} titleIsHeading={titleIsHeading} />
      <main id="main" tabIndex={-1} className="mx-auto max-w-3xl space-y-10 px-4 py-8 focus:outline-none">
        {children}
      </main>
      <footer className="mx-auto max-w-3xl space-y-3 border-t border-zinc-200 px-4 pt-6 pb-10 text-sm text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
        <TimeZoneSwitch />
        <p className="flex flex-wrap gap-x-4 gap-y-1">
          <span>This page updates by itself.</span>
          <PublicLink href="/history" className="underline underline-offset-2">
            Incident history
          </PublicLink>
          {page.supportUrl && /^https?:\/\//.test(page.supportUrl) ? (
            <a href={page.supportUrl} className="underline underline-offset-2">
              Support
            </a>
          ) : null}
          {page.xHandle && /^@?\w{1,15}$/.test(page.xHandle) ? (
            <a href={`https://x.com/${page.xHandle.replace(/^@/, "")}`} className="underline underline-offset-2" rel="noopener">
              Follow {page.xHandle.startsWith("@") ? page.xHandle : `@${page.xHandle}`} on X
            </a>
          ) : null}
          <span>Powered by Herald</span>
        </p>
      </footer>
      <LiveUpdates indicator={s.indicator} description={s.description} title={title ?? homeTitle(snapshot)} stamp={contentStamp(snapshot)} />
    </TimeZoneProvider>
  );
}
