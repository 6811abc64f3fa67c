// Incident update bodies (and postmortems) are Markdown written by operators, shown to everyone.
// Rendered with markdown-it with raw HTML off: any HTML in the source comes out as escaped text,
// so the output holds only the tags markdown-it itself writes. On top of that:
// - links only to http(s), mailto and tel URLs, and to paths and anchors on this page; anything
//   else (javascript:, data:, vbscript:, file:, …) is not a link and stays text;
// - every link gets rel="nofollow noopener" (operators' links are not endorsements);
// - images are shown as links to them (no third-party requests from visitors' browsers);
// - headings are moved down under the page's own (# → h4, ## → h5, the rest → h6);
// - bare URLs become links; single line breaks are kept (operators type them as such).
// Server-only in practice (the page renders bodies once per snapshot); no DOM needed.
import MarkdownIt, { type MarkdownIt as Md } from "markdown-it";

const ALLOWED_LINK = /^(?:https?:\/\/|mailto:|tel:|\/(?!\/)|#)/i;

function createRenderer(): Md {
  const md = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });
  md.linkify.set({ fuzzyLink: false, fuzzyEmail: false, fuzzyIP: false });
  // Checked after markdown-it has decoded entities and normalised the URL.
  md.validateLink = (url: string) => ALLOWED_LINK.test(url.trim());

  md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
    const token = tokens[idx]!;
    token.attrSet("rel", "nofollow noopener");
    return self.renderToken(tokens, idx, options);
  };
  md.renderer.rules.image = (tokens, idx, options, env, self) => {
    const token = tokens[idx]!;
    const src = String(token.attrGet("src") ?? "");
    const alt = self.renderInlineAsText(token.children ?? [], options, env) || src;
    return `<a href="${md.utils.escapeHtml(src)}" rel="nofollow noopener">${md.utils.escapeHtml(alt)}</a>`;
  };
  const shiftHeading = (tokens: { tag: string }[], idx: number) => {
    const t = tokens[idx]!;
    const level = Number(t.tag.slice(1));
    if (level >= 1 && level <= 6) t.tag = `h${Math.min(6, level + 3)}`;
  };
  md.renderer.rules.heading_open = (tokens, idx, options, _env, self) => {
    shiftHeading(tokens, idx);
    return self.renderToken(tokens, idx, options);
  };
  md.renderer.rules.heading_close = (tokens, idx, options, _env, self) => {
    shiftHeading(tokens, idx);
    return self.renderToken(tokens, idx, options);
  };
  return md;
}

let renderer: Md | null = null;
const md = () => (renderer ??= createRenderer());

/** Safe HTML for an operator's Markdown. */
export function renderMarkdown(source: string): string {
  return md().render(source ?? "");
}

/** The text of a Markdown source, without markup, whitespace collapsed (previews, og:description). */
export function markdownToText(source: string): string {
  const blocks: string[] = [];
  for (const block of md().parse(source ?? "", {})) {
    let text = "";
    if (block.type === "inline") {
      for (const t of block.children ?? []) {
        if (t.type === "text" || t.type === "code_inline") text += t.content;
        else if (t.type === "softbreak" || t.type === "hardbreak") text += " ";
      }
    } else if (block.type === "fence" || block.type === "code_block") {
      text = block.content;
    }
    text = text.replace(/\s+/g, " ").trim();
    // Blocks (headings, list items, paragraphs) read as sentences once run together.
    if (text) blocks.push(/[.!?:;…]$/.test(text) ? text : `${text}.`);
  }
  return blocks.join(" ");
}

/** `text` cut to at most `max` characters at a word boundary, with an ellipsis when cut. */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s.,;:!?-]+$/, "")}…`;
}
