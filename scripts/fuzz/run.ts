// Runs cases a few at a time and judges each answer:
//   any status ≥ 500 fails (a 503 with Retry-After, the front's overload answer, is counted apart);
//   a case that expects an answer (valid HTTP) fails when the connection is reset, closed or
//   silent before a status line (see cases.ts for which cases may go unanswered);
//   an answer that is not HTTP fails;
//   an answer below 500 that renders the app's error page (app/error.tsx: a render that failed
//   after the status was sent) fails too.
import type { Case } from "./cases";
import { exchange, type Answer } from "./wire";

export type Verdict = "ok" | "5xx" | "overload" | "no answer" | "not http" | "error page";

export type Result = { c: Case; a: Answer; verdict: Verdict };

export function judge(c: Case, a: Answer): Verdict {
  if (a.status !== undefined) {
    if (a.status === 503 && a.headers["retry-after"] !== undefined) return "overload";
    if (a.status >= 500) return "5xx";
    return a.marker ? "error page" : "ok";
  }
  if (c.expect === "any") return "ok";
  if (a.error && /not an HTTP status line|too large/.test(a.error)) return "not http";
  return "no answer";
}

export type RunOptions = {
  port: number;
  concurrency: number;
  slowConcurrency: number;
  answerTimeoutMs: number;
  markers?: readonly string[];
  onResult?: (r: Result) => void;
};

/** Runs the main lane and the slow lane side by side; results in the order cases finished. */
export async function runCases(cases: Case[], opts: RunOptions): Promise<Result[]> {
  const results: Result[] = [];
  const lane = async (list: Case[], width: number) => {
    let next = 0;
    const one = async () => {
      while (next < list.length) {
        const c = list[next++]!;
        const a = await exchange(c.send, c.method, { port: opts.port, answerTimeoutMs: opts.answerTimeoutMs, markers: opts.markers });
        const r: Result = { c, a, verdict: judge(c, a) };
        results.push(r);
        opts.onResult?.(r);
      }
    };
    await Promise.all(Array.from({ length: Math.min(width, list.length) }, one));
  };
  const main = cases.filter((c) => c.lane === "main");
  const slow = cases.filter((c) => c.lane === "slow");
  await Promise.all([lane(main, opts.concurrency), lane(slow, opts.slowConcurrency)]);
  return results;
}
