// Requests refused before Next.js: what no browser sends and Next would answer with a 500.
import { describe, expect, it } from "vitest";
import { bodyNeedsCheck, refuseByBody, refuseByHead } from "@/lib/public/request-guard";

const form = { host: "status.example.com", origin: "https://status.example.com", "content-type": "multipart/form-data; boundary=XyZ" };

describe("refuseByHead", () => {
  it("refuses what is not a path, not valid percent-encoding, or a method nobody serves", () => {
    expect(refuseByHead("GET", "*", {})?.status).toBe(400);
    expect(refuseByHead("OPTIONS", "*", {})?.status).toBe(400);
    expect(refuseByHead("GET", "/subscriptions/unsubscribe/%fe%ff", {})?.status).toBe(400);
    expect(refuseByHead("GET", "/admin/incidents/%zz", {})?.status).toBe(400);
    expect(refuseByHead("TRACE", "/", {})).toMatchObject({ status: 405, headers: { Allow: expect.stringContaining("GET") } });
    expect(refuseByHead("GET", "/history?q=%zz", {})).toBeNull(); // the query string is the page's business
    expect(refuseByHead("GET", "/incidents/abc", {})).toBeNull();
  });

  it("refuses form posts from another site, and lets the site's own and callbacks through", () => {
    expect(refuseByHead("POST", "/", form)).toBeNull();
    expect(refuseByHead("POST", "/", { ...form, origin: "https://evil.example" })?.status).toBe(403);
    expect(refuseByHead("POST", "/", { ...form, origin: "null" })?.status).toBe(403);
    expect(refuseByHead("POST", "/", { ...form, origin: "::not a url::" })?.status).toBe(403);
    expect(refuseByHead("POST", "/admin/login", { host: "status.example.com", "sec-fetch-site": "cross-site" })?.status).toBe(403);
    expect(refuseByHead("POST", "/api/webhooks/twilio/status", { host: "x", origin: "https://api.twilio.com" })).toBeNull();
    expect(refuseByHead("POST", "/subscriptions/unsubscribe/abc/one-click", { host: "x" })).toBeNull();
  });

  it("refuses server-action encodings no browser uses, and multipart without a boundary", () => {
    expect(refuseByHead("POST", "/", { ...form, "next-action": "4e694e8759305569dbf0e09af5b42c3ef6b209f9fb", "content-type": "application/json" })?.status).toBe(415);
    expect(refuseByHead("POST", "/", { ...form, "content-type": "multipart/form-data" })?.status).toBe(400);
    expect(refuseByHead("POST", "/", { ...form, "next-action": "../../etc/passwd" })?.status).toBe(400);
    expect(refuseByHead("POST", "/", { ...form, "next-action": "4e694e8759305569dbf0e09af5b42c3ef6b209f9fb" })).toBeNull();
  });
});

describe("refuseByBody", () => {
  const multipart = (body: string) => refuseByBody(form, Buffer.from(body));

  it("accepts a well-formed multipart form and refuses a broken one", () => {
    expect(multipart('--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--XyZ--\r\n')).toBeNull();
    expect(multipart("--XyZ--\r\n")).toBeNull();
    expect(multipart("preamble only")?.status).toBe(400);
    expect(multipart('--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\n1')?.status).toBe(400); // unterminated
    expect(multipart('--XyZ\r\nContent-Disposition: form-data; name="a"')?.status).toBe(400);
    expect(multipart("--XyZ\r\nContent-Disposition: form-data\r\n\r\nx\r\n--XyZ--\r\n")?.status).toBe(400); // no field name
    expect(multipart("--XyZ\r\n\u0000\u00ff: :\r\n\r\nx\r\n--XyZ--\r\n")?.status).toBe(400); // header garbage
    expect(multipart('--XyZ\r\nContent-Disposition: form-data; name="f"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\na,b\r\n--XyZ--\r\n')).toBeNull();
  });

  it("a multipart server action needs its arguments' root (field 0) as JSON", () => {
    const action = { ...form, "next-action": "4e694e8759305569dbf0e09af5b42c3ef6b209f9fb" };
    const field = (name: string, value: string) => `--XyZ\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    expect(refuseByBody(action, Buffer.from(`${field("1_email", "a@b.test")}${field("0", '["$K1"]')}--XyZ--\r\n`))).toBeNull();
    expect(refuseByBody(action, Buffer.from(`${field("1_email", "a@b.test")}--XyZ--\r\n`))?.status).toBe(400);
    expect(refuseByBody(action, Buffer.from(`${field("0", "{not json")}--XyZ--\r\n`))?.status).toBe(400);
  });

  it("a form posted without JavaScript needs its action's bound arguments as JSON", () => {
    const field = (name: string, value: string) => `--XyZ\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const ok = `${field("$ACTION_REF_1", "")}${field("$ACTION_1:0", '{"id":"abc","bound":"$@1"}')}${field("$ACTION_1:1", "[]")}--XyZ--\r\n`;
    expect(refuseByBody(form, Buffer.from(ok))).toBeNull();
    expect(refuseByBody(form, Buffer.from(ok.replace("[]", "{{")))?.status).toBe(400);
  });

  it("accepts plain JSON arguments and refuses what a plain-text action cannot carry", () => {
    const plain = (body: string) => refuseByBody({ "next-action": "4e694e8759305569dbf0e09af5b42c3ef6b209f9fb", "content-type": "text/plain;charset=UTF-8" }, Buffer.from(body));
    expect(plain('["a", 1, {"b": "$$dollar"}, "$undefined", "$D2026-12-07T00:00:00.000Z"]')).toBeNull();
    expect(plain("")?.status).toBe(400);
    expect(plain("{")?.status).toBe(400);
    expect(plain('{"a":1}')?.status).toBe(400);
    expect(plain('["$Q1"]')?.status).toBe(400);
    expect(plain('["$B1"]')?.status).toBe(400);
    expect(plain(`${"[".repeat(5000)}${"]".repeat(5000)}`)?.status).toBe(400);
  });

  it("reads only the bodies that need it", () => {
    expect(bodyNeedsCheck("POST", "/", form)).toBe(true);
    expect(bodyNeedsCheck("POST", "/", { "content-type": "application/x-www-form-urlencoded" })).toBe(false);
    expect(bodyNeedsCheck("POST", "/api/webhooks/twilio/status", form)).toBe(false);
    expect(bodyNeedsCheck("GET", "/", form)).toBe(false);
  });
});
