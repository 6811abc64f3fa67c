// Request details the use cases want (who is asking from where). Server-only.
import { headers } from "next/headers";

/** The client's address: the first X-Forwarded-For entry (Next sets it from the socket when no proxy does). */
export function ipFrom(h: Headers): string | undefined {
  const forwarded = h.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || h.get("x-real-ip")?.trim() || undefined;
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
