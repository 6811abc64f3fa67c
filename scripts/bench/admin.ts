// The dashboard as an operator's browser uses it, for benches: log in through the login page's
// form (its server action, posted as a browser without JavaScript posts it), then time pages.
import { SESSION_COOKIE } from "@/lib/auth/session";

const decode = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

/** The attributes of each <input> of the first <form> on a page. */
function formInputs(html: string): Record<string, string>[] {
  const form = /<form\b[\s\S]*?<\/form>/i.exec(html)?.[0];
  if (!form) throw new Error("the login page has no form");
  return [...form.matchAll(/<input\b([^>]*)>/gi)].map((m) => Object.fromEntries([...m[1]!.matchAll(/([\w$:-]+)="([^"]*)"/g)].map((a) => [a[1]!, decode(a[2]!)])));
}

/**
 * Logs in at `base` (a web process's origin) through /admin/login's form: its hidden fields (the
 * server action's reference) with the email and password, as multipart form data, as a browser
 * posts a form before its JavaScript has loaded. Returns the session cookie ("name=value").
 */
export async function logInThroughForm(base: string, email: string, password: string): Promise<string> {
  const page = await fetch(`${base}/admin/login`, { signal: AbortSignal.timeout(30_000) });
  if (!page.ok) throw new Error(`GET /admin/login answered ${page.status}`);
  const form = new FormData();
  for (const input of formInputs(await page.text())) {
    if (input.type === "hidden" && input.name) form.append(input.name, input.value ?? "");
  }
  form.append("email", email);
  form.append("password", password);
  const res = await fetch(`${base}/admin/login`, { method: "POST", body: form, headers: { origin: base }, redirect: "manual", signal: AbortSignal.timeout(30_000) });
  await res.arrayBuffer();
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .find((c) => c.startsWith(`${SESSION_COOKIE}=`) && c.length > SESSION_COOKIE.length + 1);
  if (!cookie) throw new Error(`logging in through the form gave no session cookie (answer ${res.status} ${res.headers.get("location") ?? ""})`);
  return cookie;
}

export type Timed = { ms: number; status: number; error?: string };

/** One GET, timed to the end of its body; `ok` decides whether the answer is the page wanted. */
export async function timedGet(url: string, opts: { cookie?: string; timeoutMs: number; ok?: (status: number, body: string) => boolean }): Promise<Timed> {
  const started = performance.now();
  try {
    const res = await fetch(url, {
      headers: { "accept-encoding": "gzip, deflate, br, zstd", accept: "text/html", ...(opts.cookie ? { cookie: opts.cookie } : {}) },
      redirect: "manual",
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
    const body = await res.text();
    const ms = performance.now() - started;
    const good = opts.ok ? opts.ok(res.status, body) : res.status >= 200 && res.status < 300;
    return { ms, status: res.status, error: good ? undefined : `HTTP ${res.status}${res.headers.get("location") ? ` → ${res.headers.get("location")}` : ""}` };
  } catch (e) {
    const err = e as Error;
    return { ms: performance.now() - started, status: 0, error: err.name === "TimeoutError" ? "timeout" : err.message };
  }
}
