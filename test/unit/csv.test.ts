// The CSV reader behind `subscribers import` (RFC 4180, plus a BOM and any line ending).
import { describe, expect, it } from "vitest";
import { parseCsv, webhookSecretProblem } from "@/lib/subscribers/import";
import { newWebhookSecret } from "@/lib/tokens";

const fields = (text: string) => parseCsv(text).records.map((r) => r.fields);

describe("parseCsv", () => {
  it("splits plain records on commas and line feeds", () => {
    expect(parseCsv("a,b,c\n1,2,3\n")).toEqual({
      records: [
        { line: 1, fields: ["a", "b", "c"] },
        { line: 2, fields: ["1", "2", "3"] },
      ],
      problems: [],
    });
  });

  it("accepts CRLF, LF and CR line endings, with or without a final one", () => {
    expect(fields("a,b\r\n1,2\r\n")).toEqual([["a", "b"], ["1", "2"]]);
    expect(fields("a,b\r1,2")).toEqual([["a", "b"], ["1", "2"]]);
    expect(fields("a,b\n1,2")).toEqual([["a", "b"], ["1", "2"]]);
  });

  it("ignores a UTF-8 byte order mark", () => {
    expect(fields("\uFEFFchannel,address\r\nemail,a@example.com\r\n")).toEqual([["channel", "address"], ["email", "a@example.com"]]);
  });

  it("keeps empty fields, leading, trailing and in between", () => {
    expect(fields(",a,,b,\n")).toEqual([["", "a", "", "b", ""]]);
  });

  it("reads quoted fields with commas, doubled quotes and line breaks", () => {
    const text = 'name,note\n"Smith, Jane","said ""hi"""\n"two\r\nlines",x\n"",z\n';
    expect(parseCsv(text)).toEqual({
      records: [
        { line: 1, fields: ["name", "note"] },
        { line: 2, fields: ["Smith, Jane", 'said "hi"'] },
        { line: 3, fields: ["two\r\nlines", "x"] },
        { line: 5, fields: ["", "z"] },
      ],
      problems: [],
    });
  });

  it("numbers records by the physical line they start on, across multi-line fields", () => {
    const { records } = parseCsv('h\n"a\nb\nc"\nnext\r\n"x\r\n"\r\nlast');
    expect(records.map((r) => r.line)).toEqual([1, 2, 5, 6, 8]);
  });

  it("skips blank lines and lines of empty fields, counting them", () => {
    const { records } = parseCsv("a\n\n\r\n,,\nb\n");
    expect(records).toEqual([
      { line: 1, fields: ["a"] },
      { line: 5, fields: ["b"] },
    ]);
  });

  it("keeps a quote inside an unquoted field as it is", () => {
    expect(fields('ab"c,d\n')).toEqual([['ab"c', "d"]]);
  });

  it("reports text after a closing quote and goes on with the next line", () => {
    expect(parseCsv('a\n"x"y,z\nb\n')).toEqual({
      records: [
        { line: 1, fields: ["a"] },
        { line: 3, fields: ["b"] },
      ],
      problems: [{ line: 2, reason: expect.stringMatching(/after a closing quote/) }],
    });
  });

  it("reports a quoted field that is never closed, on the line it starts", () => {
    expect(parseCsv('a\nb\n"open,\nmore\n')).toEqual({
      records: [
        { line: 1, fields: ["a"] },
        { line: 2, fields: ["b"] },
      ],
      problems: [{ line: 3, reason: expect.stringMatching(/never closed/) }],
    });
  });

  it("reads an empty text as no records", () => {
    expect(parseCsv("")).toEqual({ records: [], problems: [] });
    expect(parseCsv("\uFEFF")).toEqual({ records: [], problems: [] });
  });
});

describe("webhookSecretProblem", () => {
  it("accepts Standard Webhooks secrets", () => {
    expect(webhookSecretProblem(newWebhookSecret())).toBeUndefined();
    expect(webhookSecretProblem("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).toBeUndefined();
  });
  it("refuses other text, bad base64 and keys of the wrong size", () => {
    expect(webhookSecretProblem("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).toMatch(/not a Standard Webhooks secret/);
    expect(webhookSecretProblem("whsec_not base64!")).toMatch(/not a Standard Webhooks secret/);
    expect(webhookSecretProblem("whsec_abc")).toMatch(/not a Standard Webhooks secret/);
    expect(webhookSecretProblem(`whsec_${Buffer.alloc(8).toString("base64")}`)).toMatch(/8 bytes/);
    expect(webhookSecretProblem(`whsec_${Buffer.alloc(65).toString("base64")}`)).toMatch(/65 bytes/);
  });
});
