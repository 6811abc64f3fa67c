"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { logoutAction } from "@/app/_actions/auth";

const LINKS = [
  { href: "/admin", label: "Dashboard" },
  { href: "/admin/incidents", label: "Incidents" },
  { href: "/admin/maintenance", label: "Maintenance" },
  { href: "/admin/components", label: "Components" },
  { href: "/admin/metrics", label: "Metrics" },
  { href: "/admin/subscribers", label: "Subscribers" },
  { href: "/admin/templates", label: "Templates" },
  { href: "/admin/settings", label: "Settings" },
  { href: "/admin/operators", label: "Operators" },
  { href: "/admin/api-keys", label: "API keys" },
  { href: "/admin/audit", label: "Audit log" },
  { href: "/admin/mail", label: "Captured mail" },
] as const;

/** The section a path belongs to: /admin itself, or the link whose path it starts with. */
function isCurrent(pathname: string, href: string): boolean {
  return href === "/admin" ? pathname === href : pathname === href || pathname.startsWith(`${href}/`);
}

export function AdminNav({ email, canPost }: { email: string; canPost: boolean }) {
  const pathname = usePathname();
  const item = "rounded-md px-3 py-2 text-sm font-medium";
  const posting = pathname === "/admin/incidents/new";
  return (
    <nav aria-label="Dashboard" className="flex flex-wrap items-center gap-1">
      {LINKS.map((l) => {
        // "New incident" has its own link: the one current there.
        const current = isCurrent(pathname, l.href) && !(posting && l.href === "/admin/incidents");
        return (
          <Link
            key={l.href}
            href={l.href}
            aria-current={current ? "page" : undefined}
            className={`${item} no-underline ${
              current
                ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900"
                : "text-zinc-700 hover:bg-zinc-200 dark:text-zinc-300 dark:hover:bg-zinc-800"
            }`}
          >
            {l.label}
          </Link>
        );
      })}
      {/* The action that matters most, one click from every page. */}
      {canPost ? (
        <Link
          href="/admin/incidents/new"
          aria-current={posting ? "page" : undefined}
          className={`${item} bg-blue-700 text-white no-underline shadow-sm hover:bg-blue-800 sm:ml-auto dark:bg-blue-600 dark:hover:bg-blue-500`}
        >
          New incident
        </Link>
      ) : null}
      <Link
        href="/admin/account"
        aria-current={isCurrent(pathname, "/admin/account") ? "page" : undefined}
        title={`Signed in as ${email}`}
        className={`${item} no-underline ${canPost ? "" : "sm:ml-auto"} aria-[current=page]:bg-zinc-900 aria-[current=page]:text-white dark:aria-[current=page]:bg-zinc-100 dark:aria-[current=page]:text-zinc-900 text-zinc-700 hover:bg-zinc-200 dark:text-zinc-300 dark:hover:bg-zinc-800`}
      >
        Account
      </Link>
      <form action={logoutAction}>
        <button type="submit" title={`Signed in as ${email}`} className={`${item} text-zinc-700 hover:bg-zinc-200 dark:text-zinc-300 dark:hover:bg-zinc-800`}>
          Log out
        </button>
      </form>
    </nav>
  );
}
