// The SSRF guard: which addresses count as public unicast, and that the agents refuse the rest at
// connect time (after DNS resolution, and for IP literals that skip DNS).
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSafeAgents, isPublicUnicast, isUnsafeAddressError, safeLookup } from "@/lib/notify/net/safe-agent";

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

describe("safe agents at connect time", () => {
  let server: http.Server;
  let port: number;
  beforeAll(async () => {
    server = http.createServer((_req, res) => res.end("reached"));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  let hits = 0;
  function get(url: string, allowPrivate: boolean): Promise<{ status: number } | { error: Error }> {
    const agents = createSafeAgents({ allowPrivate, keepAlive: false });
    return new Promise((resolve) => {
      const req = http.get(url, { agent: agents.http }, (res) => {
        hits++;
        res.resume();
        res.on("end", () => {
          agents.destroy();
          resolve({ status: res.statusCode ?? 0 });
        });
      });
      req.on("error", (error) => {
        agents.destroy();
        resolve({ error });
      });
    });
  }

  it("refuses a hostname that resolves to 127.0.0.1 (localhost), after DNS resolution", async () => {
    const before = hits;
    const r = await get(`http://localhost:${port}/`, false);
    expect("error" in r).toBe(true);
    const error = (r as { error: Error }).error;
    expect(isUnsafeAddressError(error)).toBe(true);
    expect(error.message).toMatch(/127\.0\.0\.1|::1/);
    expect(error.message).toContain("localhost");
    expect(hits).toBe(before);
  });

  it("refuses an IP literal (Node skips lookup for those)", async () => {
    const r = await get(`http://127.0.0.1:${port}/`, false);
    expect("error" in r && isUnsafeAddressError(r.error)).toBe(true);
    expect((r as { error: Error }).error.message).toContain("127.0.0.1");
    const mapped = await get(`http://[::ffff:127.0.0.1]:${port}/`, false);
    expect("error" in mapped && isUnsafeAddressError(mapped.error)).toBe(true);
  });

  it("guards the https agent too (literal and hostname)", async () => {
    const agents = createSafeAgents({ keepAlive: false });
    const attempt = (url: string) =>
      new Promise<Error>((resolve) => {
        const req = https.get(url, { agent: agents.https }, () => resolve(new Error("connected")));
        req.on("error", resolve);
      });
    try {
      expect(isUnsafeAddressError(await attempt(`https://127.0.0.1:${port}/`))).toBe(true);
      expect(isUnsafeAddressError(await attempt(`https://localhost:${port}/`))).toBe(true);
      expect(isUnsafeAddressError(await attempt(`https://[::1]:${port}/`))).toBe(true);
    } finally {
      agents.destroy();
    }
  });

  it("connects when allowPrivate is set (development and tests)", async () => {
    expect(await get(`http://localhost:${port}/`, true)).toEqual({ status: 200 });
    expect(await get(`http://127.0.0.1:${port}/`, true)).toEqual({ status: 200 });
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
