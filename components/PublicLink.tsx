import type { AnchorHTMLAttributes } from "react";

/**
 * A link between public pages: a plain <a>, not next/link, on purpose. The public pages are served
 * to everyone from one cached render per snapshot (with ETags), so a full page load is the cheap
 * path; next/link would prefetch every link in view and fetch an uncached render per visitor.
 */
export function PublicLink(props: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  return <a {...props} />;
}
