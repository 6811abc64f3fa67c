// lib/markdown/render.ts: operators' Markdown renders, and nothing unsafe gets through.
import { describe, expect, it } from "vitest";
import { markdownToText, renderMarkdown, truncateText } from "@/lib/markdown/render";

describe("renderMarkdown: Markdown", () => {
  it("renders paragraphs, emphasis, lists, code and line breaks", () => {
    const html = renderMarkdown("We are **investigating** _slow_ mail.\nNext line.\n\n- one\n- two\n\n`queue` stuck");
    expect(html).toContain("<strong>investigating</strong>");
    expect(html).toContain("<em>slow</em>");
    expect(html).toContain("mail.<br>\nNext line.");
    expect(html).toContain("<ul>\n<li>one</li>\n<li>two</li>\n</ul>");
    expect(html).toContain("<code>queue</code>");
  });

  it("moves headings under the page's own", () => {
    expect(renderMarkdown("# Cause")).toBe("<h4>Cause</h4>\n");
    expect(renderMarkdown("## Fix")).toBe("<h5>Fix</h5>\n");
    expect(renderMarkdown("#### Deep")).toBe("<h6>Deep</h6>\n");
    expect(renderMarkdown("Setext\n===")).toBe("<h4>Setext</h4>\n");
  });

  it("renders links with rel=nofollow noopener", () => {
    expect(renderMarkdown("[status](https://example.com/a?b=1&c=2)")).toBe(
      '<p><a href="https://example.com/a?b=1&amp;c=2" rel="nofollow noopener">status</a></p>\n',
    );
    expect(renderMarkdown("Mail [us](mailto:ops@example.com)")).toContain('<a href="mailto:ops@example.com" rel="nofollow noopener">us</a>');
    expect(renderMarkdown("[history](/history)")).toContain('<a href="/history" rel="nofollow noopener">history</a>');
  });

  it("turns bare http(s) URLs into links, but not bare domains", () => {
    expect(renderMarkdown("See https://example.com/status.")).toContain('<a href="https://example.com/status" rel="nofollow noopener">https://example.com/status</a>.');
    expect(renderMarkdown("See example.com today")).not.toContain("<a");
  });
});

describe("renderMarkdown: safety", () => {
  it("escapes raw HTML, block and inline", () => {
    const html = renderMarkdown('<script>alert(1)</script>\n\nHi <img src=x onerror="alert(1)"> <b>bold</b>');
    expect(html).not.toMatch(/<script|<img|<b>/i);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
  });

  it.each([
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](  javascript:alert(1))",
    "[x](jav&#x61;script:alert(1))",
    "[x](java\tscript:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](file:///etc/passwd)",
    "[x](//evil.example/path)",
    "<javascript:alert(1)>",
    "[x]: javascript:alert(1)\n\n[y][x]",
  ])("does not link %s", (src) => {
    const html = renderMarkdown(src);
    expect(html).not.toMatch(/<a\b/);
    expect(html).not.toMatch(/href=/);
  });

  it("does not render images (a link instead, no request from the visitor's browser)", () => {
    const html = renderMarkdown("![graph](https://example.com/graph.png)");
    expect(html).not.toContain("<img");
    expect(html).toBe('<p><a href="https://example.com/graph.png" rel="nofollow noopener">graph</a></p>\n');
    expect(renderMarkdown("![x](javascript:alert(1))")).not.toMatch(/<a\b|href=/);
    expect(renderMarkdown('![<b>"q"</b>](https://example.com/a.png)')).toContain("&lt;b&gt;&quot;q&quot;&lt;/b&gt;</a>");
  });

  it("escapes quotes in link titles and URLs", () => {
    const html = renderMarkdown('[x](https://example.com/"onmouseover="alert(1) "t\\"itle")');
    expect(html).not.toMatch(/"\s*onmouseover=/);
    const titled = renderMarkdown('[x](https://example.com "a \\" onclick=\\"b")');
    expect(titled).not.toMatch(/"\s+onclick=/);
    expect(titled).toContain("&quot;");
  });

  it("handles empty input", () => {
    expect(renderMarkdown("")).toBe("");
  });
});

describe("markdownToText", () => {
  it("keeps the words, drops the markup", () => {
    expect(markdownToText("# Cause\n\nThe **queue** was _stuck_.\nSee [the post](https://example.com).\n\n- a\n- b")).toBe(
      "Cause. The queue was stuck. See the post. a. b.",
    );
  });
  it("keeps raw HTML as the text it is shown as", () => {
    expect(markdownToText("a <b>c</b>")).toBe("a <b>c</b>.");
    expect(markdownToText("")).toBe("");
  });
});

describe("truncateText", () => {
  it("cuts at a word boundary with an ellipsis", () => {
    expect(truncateText("short", 10)).toBe("short");
    expect(truncateText("The queue has drained and mail is delivered", 20)).toBe("The queue has…");
  });
});
