import type { ReactNode } from "react";

// Plain text with its http(s) URLs turned into anchors. Everything else stays text (React escapes it).
const URL_PATTERN = /https?:\/\/[^\s<>"'`]+/g;
const TRAILING = /[.,;:!?)\]}>]+$/;

export function Linkified({ text }: { text: string }) {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index;
    let url = match[0];
    const trailing = TRAILING.exec(url)?.[0] ?? "";
    if (trailing) url = url.slice(0, url.length - trailing.length);
    if (start > last) parts.push(text.slice(last, start));
    parts.push(
      <a key={start} href={url} rel="noreferrer noopener" className="break-all text-blue-700 underline dark:text-blue-400">
        {url}
      </a>,
    );
    last = start + url.length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return <>{parts}</>;
}
