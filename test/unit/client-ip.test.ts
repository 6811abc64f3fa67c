// Who is asking: the connection's address, or X-Forwarded-For counted from the right for as many
// proxies as the operator trusts. A visitor's own X-Forwarded-For never chooses their address.
import { describe, expect, it } from "vitest";
import { clientIp } from "@/lib/http/client-ip";

describe("clientIp", () => {
  it("is the connection's address when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(clientIp("203.0.113.7", undefined, 0)).toBe("203.0.113.7");
    expect(clientIp("203.0.113.7", "1.2.3.4", 0)).toBe("203.0.113.7");
    expect(clientIp("::ffff:203.0.113.7", "1.2.3.4, 5.6.7.8", 0)).toBe("203.0.113.7");
  });

  it("with one trusted proxy, is the entry that proxy appended (the rightmost), not one the visitor wrote", () => {
    // The visitor sent "X-Forwarded-For: 6.6.6.6"; the proxy appended the address it saw.
    expect(clientIp("10.0.0.2", "6.6.6.6, 198.51.100.4", 1)).toBe("198.51.100.4");
    expect(clientIp("10.0.0.2", "198.51.100.4", 1)).toBe("198.51.100.4");
    expect(clientIp("10.0.0.2", ["6.6.6.6", "198.51.100.4"], 1)).toBe("198.51.100.4");
  });

  it("with two trusted proxies, counts two from the right", () => {
    expect(clientIp("10.0.0.3", "6.6.6.6, 198.51.100.4, 10.0.0.2", 2)).toBe("198.51.100.4");
  });

  it("with more trusted hops than entries, takes the leftmost; without the header, the connection's address", () => {
    expect(clientIp("10.0.0.3", "198.51.100.4", 5)).toBe("198.51.100.4");
    expect(clientIp("10.0.0.3", undefined, 1)).toBe("10.0.0.3");
  });

  it("drops entries that are not addresses, and never answers empty", () => {
    expect(clientIp("10.0.0.2", "<script>, 198.51.100.4", 1)).toBe("198.51.100.4");
    expect(clientIp("10.0.0.2", "198.51.100.4, not-an-ip", 1)).toBe("198.51.100.4");
    expect(clientIp(undefined, undefined, 0)).toBe("unknown");
    expect(clientIp("2001:DB8::1", undefined, 0)).toBe("2001:db8::1");
  });
});
