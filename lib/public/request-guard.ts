// Requests refused where they arrive, before Next.js sees them: what no browser sends and Next
// would answer with a 500 (a URL that is not a path, a path that is not valid percent-encoding, a
// method nobody serves, a form post from another site, a server-action body that cannot be
// decoded). Each gets a 4xx saying what was wrong. Used by the front (lib/public/front.ts) and by
// the main thread when there is no front; pure, so the front thread can load it.

import type { ServerResponse } from "node:http";
import { CACHE_CONTROL } from "@/lib/public/routes";

export type Refusal = { status: number; message: string; headers?: Record<string, string> };

/** Write a refusal: its status, a plain-text message, never cached (nothing if already answered). */
export function writeRefusal(res: ServerResponse, refusal: Refusal): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(refusal.status, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": CACHE_CONTROL.private, ...refusal.headers });
  res.end(`${refusal.message}\n`);
}

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
/** Deepest JSON a server action's plain-text arguments may nest. */
const MAX_ACTION_DEPTH = 32;

/** Routes that take posts from other servers (providers, mail clients), which send no Origin of ours. */
export function isCallbackPath(path: string): boolean {
  return path.startsWith("/api/") || /^\/subscriptions\/unsubscribe\/[^/]+\/one-click$/.test(path);
}

type Headers = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** A refusal decided from the request line and headers alone, or null. */
export function refuseByHead(method: string | undefined, url: string | undefined, headers: Headers): Refusal | null {
  if (!method || !METHODS.has(method)) return { status: 405, message: "Method not allowed.", headers: { Allow: [...METHODS].join(", ") } };
  if (!url || !url.startsWith("/")) return { status: 400, message: "The request's target must be a path." };
  const q = url.indexOf("?");
  try {
    decodeURIComponent(q === -1 ? url : url.slice(0, q));
  } catch {
    return { status: 400, message: "The path is not valid percent-encoding." };
  }
  if (method === "GET" || method === "HEAD" || method === "OPTIONS") return null;
  const path = q === -1 ? url : url.slice(0, q);
  if (isCallbackPath(path)) return null;
  // A form post or server action: only from a page of this site (what Next.js also requires, but
  // answers with a 500 when it is not so).
  const origin = one(headers["origin"]);
  const host = one(headers["x-forwarded-host"]) ?? one(headers["host"]);
  if (origin !== undefined) {
    let originHost: string | null = null;
    try {
      originHost = new URL(origin).host;
    } catch {
      originHost = null;
    }
    if (!originHost || originHost !== host) return { status: 403, message: "Forms on this site can only be sent from its own pages." };
  } else if (one(headers["sec-fetch-site"]) === "cross-site") {
    return { status: 403, message: "Forms on this site can only be sent from its own pages." };
  }
  const action = headers["next-action"];
  if (action !== undefined && !/^[0-9a-f]{32,64}$/i.test(String(action))) return { status: 400, message: "That form action does not exist here. Reload the page and try again." };
  const type = (one(headers["content-type"]) ?? "").toLowerCase();
  if (headers["next-action"] !== undefined && !/^(multipart\/form-data|application\/x-www-form-urlencoded|text\/plain)\b/.test(type)) {
    return { status: 415, message: "A form must be sent as multipart/form-data, urlencoded or plain text." };
  }
  if (type.startsWith("multipart/form-data") && !boundaryOf(type)) return { status: 400, message: "The form has no multipart boundary." };
  return null;
}

/** Whether a request's body must be read and checked before it is passed on (refuseByBody). */
export function bodyNeedsCheck(method: string | undefined, path: string, headers: Headers): boolean {
  if (method === "GET" || method === "HEAD" || method === "OPTIONS" || isCallbackPath(path)) return false;
  const type = (one(headers["content-type"]) ?? "").toLowerCase();
  return type.startsWith("multipart/form-data") || (headers["next-action"] !== undefined && type.startsWith("text/plain"));
}

/** A refusal for a form or server-action body that Next.js could not decode, or null. */
export function refuseByBody(headers: Headers, body: Buffer): Refusal | null {
  const type = (one(headers["content-type"]) ?? "").toLowerCase();
  if (type.startsWith("multipart/form-data")) {
    const boundary = boundaryOf(one(headers["content-type"]) ?? "");
    const parts = boundary ? multipartParts(body, boundary) : null;
    if (!parts) return { status: 400, message: "The form could not be read (broken multipart body)." };
    // A form posted without JavaScript carries its action's bound arguments as JSON fields.
    for (const p of parts) {
      if (/^\$ACTION_\d+:\d+$/.test(p.name) && !jsonValue(p.value.toString("utf8"))) return { status: 400, message: "The form's action could not be read." };
    }
    if (headers["next-action"] !== undefined) {
      // A server action's arguments: the root (field "0") is JSON; the form's fields come beside it.
      const root = parts.find((p) => p.name === "0");
      if (!root || !jsonArray(root.value.toString("utf8"))) return { status: 400, message: "The action's arguments could not be read." };
    }
    return null;
  }
  if (headers["next-action"] !== undefined && type.startsWith("text/plain")) {
    const args = jsonArray(body.toString("utf8"));
    if (!args || !plainArguments(args, 0)) return { status: 400, message: "The action's arguments could not be read." };
  }
  return null;
}

/** Whether `text` is JSON nested at most MAX_ACTION_DEPTH deep. */
function jsonValue(text: string): boolean {
  try {
    return depthWithin(JSON.parse(text), 0);
  } catch {
    return false;
  }
}

/** The JSON array in `text`, nested at most MAX_ACTION_DEPTH deep, or null. */
function jsonArray(text: string): unknown[] | null {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) && depthWithin(v, 0) ? v : null;
  } catch {
    return null;
  }
}

function depthWithin(value: unknown, depth: number): boolean {
  if (depth > MAX_ACTION_DEPTH) return false;
  if (value === null || typeof value !== "object") return true;
  return Object.values(value).every((v) => depthWithin(v, depth + 1));
}

function boundaryOf(contentType: string): string | null {
  const m = /boundary=(?:"([^"]{1,70})"|([^;\s]{1,70}))/i.exec(contentType);
  return m ? (m[1] ?? m[2]!) : null;
}

/** A part's header line: a token, a colon, printable text. */
const PART_HEADER = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+:[ \t]*[\x20-\x7e\x80-\xff]*$/;
/** What names a form field: Content-Disposition: form-data; name="…". */
const FORM_FIELD = /^content-disposition:[ \t]*form-data[ \t]*;.*\bname=("[^"]*"|[^;\s]+)/i;

type Part = { name: string; value: Buffer };

/**
 * The parts of a multipart body: delimited by `--boundary`, each with well-formed headers naming
 * its form field and a blank line after them, up to the closing delimiter. Null when malformed.
 */
function multipartParts(body: Buffer, boundary: string): Part[] | null {
  const delimiter = Buffer.from(`--${boundary}`);
  const between = Buffer.from(`\r\n--${boundary}`);
  if (body.indexOf(delimiter) !== 0) return null;
  const parts: Part[] = [];
  let at = 0;
  for (;;) {
    const after = at + delimiter.length;
    if (body.subarray(after, after + 2).toString() === "--") return parts;
    if (body.subarray(after, after + 2).toString() !== "\r\n") return null;
    const headersEnd = body.indexOf("\r\n\r\n", after);
    if (headersEnd === -1) return null;
    const lines = body.subarray(after + 2, headersEnd).toString("latin1").split("\r\n");
    if (!lines.every((l) => PART_HEADER.test(l))) return null;
    const field = lines.map((l) => FORM_FIELD.exec(l)).find((m) => m !== null);
    if (!field) return null;
    const next = body.indexOf(between, headersEnd);
    if (next === -1) return null;
    parts.push({ name: field[1]!.replace(/^"|"$/g, ""), value: body.subarray(headersEnd + 4, next) });
    at = next + 2;
  }
}

/**
 * Arguments a browser's plain-text server action can carry: JSON whose strings are either plain
 * (a leading "$" is escaped as "$$") or one of React's self-contained markers. References to
 * multipart parts cannot be resolved in a plain-text body, so they are refused.
 */
function plainArguments(value: unknown, depth: number): boolean {
  if (typeof value === "string") return !value.startsWith("$") || /^\$(\$|undefined$|NaN$|Infinity$|-Infinity$|-0$|D|n)/.test(value);
  if (Array.isArray(value)) return value.every((v) => plainArguments(v, depth + 1));
  if (value !== null && typeof value === "object") return Object.values(value).every((v) => plainArguments(v, depth + 1));
  return true;
}
