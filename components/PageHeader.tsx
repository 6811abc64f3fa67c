import { PublicLink } from "@/components/PublicLink";

const HEX = /^#[0-9a-f]{3}([0-9a-f]{3})?$/i;

/** The page's name (and logo when set), its brand colour as a top rule, and the public pages' links. */
export function PageHeader({ name, logoUrl, brandColor, titleIsHeading = true }: { name: string; logoUrl: string | null; brandColor: string; titleIsHeading?: boolean }) {
  const Title = titleIsHeading ? "h1" : "p";
  const brand = HEX.test(brandColor) ? brandColor : "#2563eb";
  const logo = logoUrl && /^https?:\/\/|^\/(?!\/)/.test(logoUrl) ? logoUrl : null;
  return (
    <header className="border-t-4 border-b border-b-zinc-200 bg-white dark:border-b-zinc-800 dark:bg-zinc-900" style={{ borderTopColor: brand }}>
      <div className="mx-auto flex max-w-3xl flex-wrap items-center justify-between gap-x-6 gap-y-2 px-4 py-4 sm:py-5">
        <Title className="min-w-0 text-2xl font-bold tracking-tight">
          <PublicLink href="/" className="flex items-center gap-3 no-underline">
            {logo ? (
              // eslint-disable-next-line @next/next/no-img-element -- an operator-provided URL on any host; next/image needs each host configured.
              <img src={logo} alt="" className="h-9 w-auto max-w-40 object-contain" />
            ) : null}
            <span className="break-words">{name}</span>
          </PublicLink>
        </Title>
        <nav aria-label="Status page" className="flex items-center gap-4 text-sm font-medium">
          <PublicLink href="/history" className="text-zinc-700 underline-offset-4 hover:underline dark:text-zinc-300">
            Incident history
          </PublicLink>
          <PublicLink
            href="/#subscribe"
            className="rounded-md border border-zinc-300 px-3 py-1.5 text-zinc-800 hover:bg-zinc-100 dark:border-zinc-700 dark:text-zinc-200 dark:hover:bg-zinc-800"
          >
            Get updates
          </PublicLink>
        </nav>
      </div>
    </header>
  );
}
