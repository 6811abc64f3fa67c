// Operator-written Markdown, already rendered to safe HTML by lib/markdown/render.ts (raw HTML
// escaped, links restricted to safe schemes with rel="nofollow noopener").
export function Markdown({ html, className = "" }: { html: string; className?: string }) {
  return <div className={`markdown ${className}`} dangerouslySetInnerHTML={{ __html: html }} />;
}
