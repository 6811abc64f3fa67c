// Who is asking: the client's address. The connection's own address, unless the operator says how
// many reverse-proxy hops stand in front (HERALD_TRUST_PROXY); then the address that many entries
// from the right of X-Forwarded-For (each proxy appends the address it was reached from, so only
// the right-hand entries were written by someone trusted). A visitor's own X-Forwarded-For never
// chooses their address.
//
// The web process decides once, where the connection arrives (the front thread, or the main
// thread without one), and passes the answer to Next.js in CLIENT_IP_HEADER, which it overwrites
// on every request. Imports nothing: the front thread loads it.

/** The header that carries the decided address to Next.js (set by the web process, never trusted from outside). */
export const CLIENT_IP_HEADER = "x-herald-client-ip";

/**
 * The client's address. `remote`: the connection's address; `forwardedFor`: the X-Forwarded-For
 * header(s) as received; `trustedHops`: how many proxies in front are trusted.
 */
export function clientIp(remote: string | undefined, forwardedFor: string | string[] | undefined, trustedHops: number): string {
  const socket = normalise(remote ?? "") || "unknown";
  if (trustedHops <= 0 || forwardedFor === undefined) return socket;
  const chain = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor)
    .split(",")
    .map((s) => normalise(s.trim()))
    .filter((s) => s !== "");
  // The chain as the last proxy saw it, with that proxy's own peer (our socket) at the end.
  chain.push(socket);
  const i = chain.length - 1 - trustedHops;
  return chain[Math.max(0, i)]!;
}

/** IPv4-mapped IPv6 (`::ffff:1.2.3.4`) as plain IPv4; anything not address-like is dropped. */
function normalise(a: string): string {
  const v4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(a);
  if (v4) return v4[1]!;
  return /^[0-9a-fA-F:.]{2,45}$/.test(a) ? a.toLowerCase() : "";
}
