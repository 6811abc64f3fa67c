// The SSRF guard: which addresses count as public unicast, and that the guarded connector refuses
// the rest at connect time (after DNS resolution, for IP literals that skip DNS, and on the address
// the socket really reached). The webhook sender's use of it: test/integration/webhook-channel.test.ts.
import net, { type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guardConnector, isPublicUnicast, isUnsafeAddressError, safeLookup } from "@/lib/notify/net/safe-connect";

describe("isPublicUnicast", () => {
  it.each([
    ["8.8.8.8"],
    ["1.1.1.1"],
    ["93.184.216.34"],
    ["172.15.255.255"], // just below 172.16/12
    ["172.32.0.1"], // just above 172.16/12
    ["100.63.255.255"], // just below 100.64/10
    ["100.128.0.1"], // just above 100.64/10
    ["192.169.0.1"],
    ["2606:4700:4700::1111"],
    ["2001:4860:4860::8888"],
    ["2a00:1450:4001:80b::200e"],
    ["::ffff:8.8.8.8"], // IPv4-mapped public
    ["[2606:4700:4700::1111]"], // bracketed URL form
  ])("allows public unicast %s", (a) => {
    expect(isPublicUnicast(a)).toBe(true);
  });

  it.each([
    // loopback
    ["127.0.0.1"],
    ["127.255.255.254"],
    ["::1"],
    // private (RFC 1918)
    ["10.0.0.1"],
    ["10.255.255.255"],
    ["172.16.0.1"],
    ["172.31.255.255"],
    ["192.168.0.1"],
    ["192.168.255.255"],
    // link-local and cloud metadata
    ["169.254.0.1"],
    ["169.254.169.254"],
    ["fe80::1"],
    ["fe80::1%eth0"],
    ["febf::1"],
    ["fd00:ec2::254"],
    // CGNAT
    ["100.64.0.1"],
    ["100.127.255.255"],
    // unique local
    ["fc00::1"],
    ["fd12:3456:789a::1"],
    // multicast / broadcast / unspecified
    ["224.0.0.1"],
    ["239.255.255.250"],
    ["ff02::1"],
    ["ff0e::1"],
    ["255.255.255.255"],
    ["0.0.0.0"],
    ["0.1.2.3"],
    ["::"],
    // reserved, documentation, benchmarking
    ["192.0.0.1"],
    ["192.0.2.1"],
    ["198.51.100.1"],
    ["203.0.113.1"],
    ["198.18.0.1"],
    ["198.19.255.255"],
    ["240.0.0.1"],
    ["2001:db8::1"],
    ["2001:2::1"],
    ["3fff::1"],
    ["100::1"], // discard
    ["fec0::1"], // deprecated site-local
    // 6to4, Teredo, NAT64 (with private and public IPv4 inside: all refused)
    ["2002:7f00:1::"], // 6to4 of 127.0.0.1
    ["2002:c0a8:101::1"], // 6to4 of 192.168.1.1
    ["2002:0808:0808::1"], // 6to4 of 8.8.8.8
    ["2001:0:4136:e378:8000:63bf:3fff:fdd2"], // Teredo
    ["64:ff9b::7f00:1"], // NAT64 of 127.0.0.1
    ["64:ff9b::a9fe:a9fe"], // NAT64 of 169.254.169.254
    ["64:ff9b:1::a00:1"], // local-use NAT64 of 10.0.0.1
    ["::ffff:0:7f00:1"], // RFC 6145 translated
    // IPv4-mapped IPv6, both notations
    ["::ffff:127.0.0.1"],
    ["::ffff:7f00:1"],
    ["::ffff:10.0.0.1"],
    ["::ffff:169.254.169.254"],
    ["::ffff:192.168.1.1"],
    ["::ffff:100.64.0.1"],
    ["::ffff:0.0.0.0"],
    ["0:0:0:0:0:ffff:7f00:0001"],
    // IPv4-compatible (deprecated) and other non-global IPv6
    ["::127.0.0.1"],
    ["::7f00:1"],
    ["::8.8.8.8"],
    // not addresses at all, or forms Node would not dial as written
    ["localhost"],
    ["example.com"],
    [""],
    ["127.1"],
    ["2130706433"],
    ["0x7f000001"],
  ])("refuses %s", (a) => {
    expect(isPublicUnicast(a)).toBe(false);
  });
});

describe("the guard at connect time", () => {
  let server: net.Server;
  let port: number;
  let bytes = 0;
  beforeAll(async () => {
    server = net.createServer((socket) => socket.on("data", (d) => (bytes += d.length)));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
  });

  type Target = { hostname: string; port: number };
  /** A connector like undici's: resolves names with safeLookup, calls back once connected. */
  const plain = (target: Target, cb: (...args: [null, net.Socket] | [Error, null]) => void) => {
    const socket = net.connect({ host: target.hostname, port: target.port, lookup: safeLookup });
    socket.once("connect", () => cb(null, socket));
    socket.once("error", (e) => cb(e, null));
  };
  function connect(connector: typeof plain, target: Target): Promise<{ socket: net.Socket } | { error: Error }> {
    return new Promise((resolve) => connector(target, (...[err, socket]) => resolve(err ? { error: err } : { socket })));
  }

  it("refuses an IP literal before dialling (Node skips lookup for those)", async () => {
    let dialled = false;
    const guarded = guardConnector<Target, net.Socket>((t, cb) => {
      dialled = true;
      plain(t, cb);
    });
    for (const hostname of ["127.0.0.1", "[::1]", "::ffff:127.0.0.1", "10.0.0.1", "169.254.169.254"]) {
      const r = await connect(guarded, { hostname, port });
      expect("error" in r && isUnsafeAddressError(r.error)).toBe(true);
    }
    expect(dialled).toBe(false);
  });

  it("refuses a name that resolves to loopback (localhost), after DNS resolution, naming both", async () => {
    const r = await connect(guardConnector(plain), { hostname: "localhost", port });
    expect("error" in r).toBe(true);
    const error = (r as { error: Error }).error;
    expect(isUnsafeAddressError(error)).toBe(true);
    expect(error.message).toMatch(/127\.0\.0\.1|::1/);
    expect(error.message).toContain("localhost");
  });

  it("judges the address really connected to: a connector that lands on loopback anyway is refused and its socket closed unused", async () => {
    // As if DNS had answered a public address and something between (rebinding, a proxy) still
    // connected to loopback: the socket is refused before anything is written to it.
    let socket: net.Socket | undefined;
    const rebinding = guardConnector<Target, net.Socket>((_t, cb) => {
      socket = net.connect({ host: "127.0.0.1", port });
      socket.once("connect", () => cb(null, socket!));
      socket.once("error", (e) => cb(e, null));
    });
    const r = await connect(rebinding, { hostname: "status.example.com", port });
    expect("error" in r && isUnsafeAddressError(r.error)).toBe(true);
    expect((r as { error: Error }).error.message).toContain("127.0.0.1");
    expect(socket?.destroyed).toBe(true);
    await new Promise((r) => setTimeout(r, 50));
    expect(bytes).toBe(0);
  });

  it("hands over a socket connected to a public address unchanged", async () => {
    // No public address is reachable here: a socket that says it reached one stands in for it.
    const reached = new net.Socket();
    Object.defineProperty(reached, "remoteAddress", { value: "93.184.216.34" });
    const r = await connect(guardConnector<Target, net.Socket>((_t, cb) => cb(null, reached)), { hostname: "93.184.216.34", port: 443 });
    expect(r).toEqual({ socket: reached });
    expect(reached.destroyed).toBe(false);
    reached.destroy();
  });

  it("safeLookup vets every address, in both callback shapes", async () => {
    const one = await new Promise<{ err: NodeJS.ErrnoException | null }>((resolve) =>
      safeLookup("localhost", { family: 4 }, (err) => resolve({ err })),
    );
    expect(isUnsafeAddressError(one.err)).toBe(true);
    const all = await new Promise<{ err: NodeJS.ErrnoException | null }>((resolve) =>
      safeLookup("localhost", { all: true }, (err) => resolve({ err })),
    );
    expect(isUnsafeAddressError(all.err)).toBe(true);
  });
});
