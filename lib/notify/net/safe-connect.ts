// Outbound connections that refuse to reach anywhere but the public internet (SSRF guard for
// subscriber webhooks). The check runs at connect time on the address actually dialled: after DNS
// resolution (our `lookup` vets every address it hands to net.connect, so DNS rebinding cannot slip
// a private address in between a check and the connect), on IP-literal hosts (which Node connects to
// without calling lookup), and once more on the connected socket's remote address. The HTTP client
// itself (undici) is the webhook channel's: this file holds no client, only the checks.
import dns from "node:dns";
import net from "node:net";
import ipaddr from "ipaddr.js";

/** The connection was refused because the address is not public unicast; it will not become public. */
export class UnsafeAddressError extends Error {
  readonly code = "ERR_HERALD_UNSAFE_ADDRESS";
  constructor(
    readonly address: string,
    readonly host?: string,
  ) {
    super(
      `refused to connect to ${address}${host && host !== address ? ` (${host})` : ""}: not a public unicast address`,
    );
    this.name = "UnsafeAddressError";
  }
}

export function isUnsafeAddressError(e: unknown): e is UnsafeAddressError {
  return e instanceof UnsafeAddressError || (e as { code?: unknown } | null)?.code === "ERR_HERALD_UNSAFE_ADDRESS";
}

const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parseCIDR("2000::/3");

/**
 * True only for a public unicast address. ipaddr.js's range() names every special range (loopback,
 * private, linkLocal, carrierGradeNat, uniqueLocal, multicast, broadcast, unspecified, reserved and
 * documentation, benchmarking, 6to4, teredo, NAT64 rfc6052/rfc6145, ...); only "unicast" passes.
 * IPv4-mapped IPv6 (::ffff:a.b.c.d) is unwrapped and judged as IPv4. IPv6 must also sit in the
 * global unicast block 2000::/3, which shuts out IPv4-compatible (::a.b.c.d) and unassigned space.
 * 6to4, Teredo and NAT64 addresses are refused whatever IPv4 they embed.
 */
export function isPublicUnicast(address: string): boolean {
  let zoneless = address.trim();
  if (zoneless.startsWith("[") && zoneless.endsWith("]")) zoneless = zoneless.slice(1, -1);
  // A zone id (fe80::1%eth0) only ever appears on link-local addresses.
  if (zoneless.includes("%")) return false;
  if (!ipaddr.isValid(zoneless) || net.isIP(zoneless) === 0) return false;
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    // Canonicalise IPv6 through the WHATWG URL parser first: ipaddr.js reads "::a.b.c.d"
    // (IPv4-compatible) as if it were "::ffff:a.b.c.d" (IPv4-mapped), which is not what gets dialled.
    const text = net.isIPv6(zoneless) ? new URL(`http://[${zoneless}]/`).hostname.slice(1, -1) : zoneless;
    parsed = ipaddr.parse(text);
  } catch {
    return false;
  }
  if (parsed.kind() === "ipv6") {
    const v6 = parsed as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) parsed = v6.toIPv4Address();
    else if (!v6.match(GLOBAL_UNICAST_V6)) return false;
  }
  return parsed.range() === "unicast";
}

type LookupAddress = { address: string; family: number };
type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** dns.lookup, but an answer containing any non-public address is an UnsafeAddressError. */
export function safeLookup(hostname: string, options: dns.LookupOptions | number | LookupCallback, callback?: LookupCallback): void {
  const cb = (typeof options === "function" ? options : callback) as LookupCallback;
  const opts: dns.LookupOptions = typeof options === "function" ? {} : typeof options === "number" ? { family: options } : options;
  dns.lookup(hostname, { ...opts, all: true }, (err, addresses) => {
    if (err) return cb(err, opts.all ? [] : "");
    const bad = addresses.find((a) => !isPublicUnicast(a.address));
    if (bad) return cb(new UnsafeAddressError(bad.address, hostname), opts.all ? [] : "");
    const first = addresses[0];
    if (!first) {
      const e: NodeJS.ErrnoException = new Error(`no addresses for ${hostname}`);
      e.code = "ENOTFOUND";
      return cb(e, opts.all ? [] : "");
    }
    if (opts.all) return cb(null, addresses);
    cb(null, first.address, first.family);
  });
}

/** Where a connector is asked to connect (the fields Herald's guard reads; undici passes more). */
export type ConnectTarget = { hostname: string };
type ConnectCallback<S> = (...args: [null, S] | [Error, null]) => void;
/** Opens a connection and calls back once it is connected (undici's connector shape). */
export type Connector<T extends ConnectTarget, S extends net.Socket> = (target: T, callback: ConnectCallback<S>) => unknown;

/**
 * A connector that only hands over sockets connected to public unicast addresses. The connector it
 * wraps must resolve names with safeLookup (every address DNS gives is vetted before any is
 * dialled). An IP literal, which is dialled without a lookup, is judged here before any packet;
 * and the address the socket really connected to is judged once more before the socket is handed
 * over, so not one byte of a request reaches a refused address.
 */
export function guardConnector<T extends ConnectTarget, S extends net.Socket>(connect: Connector<T, S>): Connector<T, S> {
  return (target, callback) => {
    const host = target.hostname.replace(/^\[|\]$/g, "");
    if (net.isIP(host) !== 0 && !isPublicUnicast(host)) {
      callback(new UnsafeAddressError(host), null);
      return;
    }
    return connect(target, (...[err, socket]) => {
      if (err) return callback(err, null);
      const remote = socket.remoteAddress;
      if (!remote || !isPublicUnicast(remote)) {
        const refused = new UnsafeAddressError(remote ?? "unknown address", host);
        socket.destroy();
        return callback(refused, null);
      }
      callback(null, socket);
    });
  };
}
