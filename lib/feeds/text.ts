// Text helpers shared by the feeds, the calendar and the badge. Pure.

// Characters XML 1.0 forbids (C0 controls but tab, LF and CR; lone surrogates; U+FFFE, U+FFFF).
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Removes characters no XML document may contain (user text can hold anything). */
export function xmlSafe(text: string): string {
  return text.replace(XML_FORBIDDEN, "");
}

/** Escapes text for XML (and HTML) element content and double- or single-quoted attribute values. */
export function escapeXml(text: string): string {
  return xmlSafe(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** Escapes text for HTML (no &apos;, which HTML 4 readers do not know). */
export function escapeHtml(text: string): string {
  return xmlSafe(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** True for an absolute http(s) URL. */
export function isAbsoluteHttpUrl(url: string): boolean {
  return /^https?:\/\/[^/\s]/i.test(url);
}

/** The host of the page's URL, or a fallback when the page has none. */
export function hostOf(url: string, fallback = "herald.invalid"): string {
  try {
    return new URL(url).host || fallback;
  } catch {
    return fallback;
  }
}
