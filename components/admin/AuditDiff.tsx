// An audit row's data, compactly: for a change, each changed field as "before → after" (a creation
// shows only the after side, a deletion only the before side); for an event, its details.
import type { ReactNode } from "react";

const MAX_TEXT = 240;

function show(value: unknown): ReactNode {
  if (value === null || value === undefined) return <span className="text-zinc-500 italic dark:text-zinc-400">none</span>;
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > MAX_TEXT ? <span title={text}>{`${text.slice(0, MAX_TEXT - 1)}…`}</span> : text;
}

const KEY = "font-medium text-zinc-700 dark:text-zinc-300";
const OLD = "rounded bg-red-50 px-1 text-red-900 line-through decoration-red-400 dark:bg-red-950 dark:text-red-200";
const NEW = "rounded bg-green-50 px-1 text-green-900 dark:bg-green-950 dark:text-green-200";

export function AuditDiff({
  before,
  after,
  details,
}: {
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  details: Record<string, unknown> | null;
}) {
  if (details) {
    const entries = Object.entries(details);
    if (!entries.length) return null;
    return (
      <dl className="space-y-0.5 text-xs break-words">
        {entries.map(([k, v]) => (
          <div key={k}>
            <dt className={`${KEY} inline`}>{k}:</dt> <dd className="inline">{show(v)}</dd>
          </div>
        ))}
      </dl>
    );
  }
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  if (!keys.length) return null;
  return (
    <dl className="space-y-0.5 text-xs break-words">
      {keys.map((k) => (
        <div key={k}>
          <dt className={`${KEY} inline`}>{k}:</dt>{" "}
          <dd className="inline">
            {before ? (
              <>
                <span className="sr-only">before </span>
                <span className={after ? OLD : ""}>{show(before[k])}</span>
              </>
            ) : null}
            {before && after ? <span aria-hidden="true"> → </span> : null}
            {after ? (
              <>
                <span className="sr-only">{before ? ", after " : "set to "}</span>
                <span className={before ? NEW : ""}>{show(after[k])}</span>
              </>
            ) : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}
