import Link from "next/link";

const HEX = /^#[0-9a-f]{3}([0-9a-f]{3})?$/i;

/** The page's name (and logo when set), with its brand colour as a top rule. */
export function PageHeader({ name, logoUrl, brandColor, titleIsHeading = true }: { name: string; logoUrl: string | null; brandColor: string; titleIsHeading?: boolean }) {
  const Title = titleIsHeading ? "h1" : "p";
  const brand = HEX.test(brandColor) ? brandColor : "#2563eb";
  const logo = logoUrl && /^https?:\/\/|^\//.test(logoUrl) ? logoUrl : null;
  return (
    <header className="border-t-4 border-b border-b-zinc-200 bg-white dark:border-b-zinc-800 dark:bg-zinc-900" style={{ borderTopColor: brand }}>
      <div className="mx-auto flex max-w-3xl items-center gap-3 px-4 py-5">
        <Title className="text-2xl font-bold tracking-tight">
          <Link href="/" className="flex items-center gap-3 no-underline">
            {logo ? (
              // eslint-disable-next-line @next/next/no-img-element -- an operator-provided URL on any host; next/image needs each host configured.
              <img src={logo} alt="" className="h-9 w-auto max-w-40 object-contain" />
            ) : null}
            <span>{name}</span>
          </Link>
        </Title>
      </div>
    </header>
  );
}
