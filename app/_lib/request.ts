// Request details the use cases want (who is asking from where). Server-only.
import { headers } from "next/headers";
import { CLIENT_IP_HEADER } from "@/lib/http/client-ip";

/**
 * The client's address, as the web process decided it where the connection arrived
 * (lib/http/client-ip.ts; it overwrites the header on every request). Under `next dev`, without
 * the web process, the nearest X-Forwarded-For entry: the one the visitor cannot choose.
 */
export function ipFrom(h: Headers): string | undefined {
  const decided = h.get(CLIENT_IP_HEADER)?.trim();
  if (decided) return decided;
  return h.get("x-forwarded-for")?.split(",").at(-1)?.trim() || undefined;
}

/** Whether the browser reached us over https (directly or through a TLS-terminating proxy). */
export function httpsFrom(h: Headers): boolean {
  const proto = h.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  if (proto) return proto === "https";
  return h.get("origin")?.startsWith("https:") ?? false;
}

export async function requestInfo() {
  const h = await headers();
  return { ip: ipFrom(h), https: httpsFrom(h), userAgent: h.get("user-agent") ?? undefined };
}
