// lib/feeds/widget.ts: the embeddable script, run in a tiny fake DOM with node:vm.
import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { WIDGET_COLORS, WIDGET_REFRESH_MS, widgetScript } from "@/lib/feeds/widget";

class FakeElement {
  children: FakeElement[] = [];
  attributes: Record<string, string> = {};
  style: Record<string, string> = {};
  textContent = "";
  href = "";
  parent: FakeElement | null = null;
  constructor(public tagName: string) {}
  get firstChild(): FakeElement | null {
    return this.children[0] ?? null;
  }
  appendChild(c: FakeElement) {
    c.parent = this;
    this.children.push(c);
    return c;
  }
  removeChild(c: FakeElement) {
    this.children = this.children.filter((x) => x !== c);
    return c;
  }
  setAttribute(k: string, v: string) {
    this.attributes[k] = String(v);
  }
  set innerHTML(_v: string) {
    throw new Error("innerHTML must not be used");
  }
}

type Run = { body: FakeElement; target: FakeElement | null; fetched: string[]; intervals: number[]; tick: () => Promise<void> };

async function run(opts: { src?: string; target?: boolean; response?: unknown; ok?: boolean; readyState?: string }): Promise<Run> {
  const body = new FakeElement("body");
  const target = opts.target ? new FakeElement("div") : null;
  if (target) target.appendChild(new FakeElement("span")).textContent = "Loading…";
  const fetched: string[] = [];
  const intervals: number[] = [];
  const listeners: Record<string, () => void> = {};
  let interval: (() => void) | null = null;
  const document = {
    currentScript: opts.src === undefined ? { src: "https://status.acme.example/widget.js" } : { src: opts.src },
    readyState: opts.readyState ?? "complete",
    body,
    createElement: (t: string) => new FakeElement(t),
    querySelector: (sel: string) => (sel === "[data-herald-status]" ? target : null),
    addEventListener: (ev: string, fn: () => void) => (listeners[ev] = fn),
  };
  const fetch = async (url: string) => {
    fetched.push(url);
    return { ok: opts.ok ?? true, status: opts.ok === false ? 500 : 200, json: async () => opts.response };
  };
  const context = vm.createContext({
    document,
    fetch,
    URL,
    setInterval: (fn: () => void, ms: number) => {
      interval = fn;
      intervals.push(ms);
      return 1;
    },
  });
  vm.runInContext(widgetScript(), context);
  if (opts.readyState === "loading") listeners.DOMContentLoaded?.();
  const settle = () => new Promise<void>((r) => setTimeout(r, 0));
  await settle();
  return {
    body,
    target,
    fetched,
    intervals,
    tick: async () => {
      interval?.();
      await settle();
    },
  };
}

const STATUS = {
  page: { id: "p", name: "Acme <Cloud>", url: "https://status.acme.example", time_zone: "Etc/UTC", updated_at: "2025-01-01T00:00:00.000Z" },
  status: { indicator: "minor", description: "<img src=x onerror=alert(1)> Partially Degraded Service" },
};

describe("widget.js", () => {
  it("is plain JavaScript that fetches status.json from its own origin and never writes HTML", () => {
    const js = widgetScript();
    expect(() => new vm.Script(js)).not.toThrow();
    expect(js).toContain('"/api/v2/status.json"');
    expect(js).toContain("document.currentScript");
    expect(js).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(/);
    expect(js).not.toMatch(/\bimport\b|\brequire\(/);
  });

  it("renders into [data-herald-status] with textContent, a coloured dot and a link to the page", async () => {
    const r = await run({ target: true, response: STATUS });
    expect(r.fetched).toEqual(["https://status.acme.example/api/v2/status.json"]);
    expect(r.target!.children).toHaveLength(1);
    const link = r.target!.children[0]!;
    expect(link.tagName).toBe("a");
    expect(link.href).toBe("https://status.acme.example");
    const [dot, text] = link.children;
    expect(dot!.style.background).toBe(WIDGET_COLORS.minor);
    expect(text!.textContent).toBe(STATUS.status.description);
    expect(link.attributes.title).toBe(`Acme <Cloud> status: ${STATUS.status.description}`);
    expect(r.body.children).toHaveLength(0);
  });

  it("falls back to a fixed corner pill", async () => {
    const r = await run({ response: STATUS });
    expect(r.body.children).toHaveLength(1);
    expect(r.body.children[0]!.style.position).toBe("fixed");
  });

  it("uses the script's origin, whatever page embeds it", async () => {
    const r = await run({ src: "https://status.other.example:8443/widget.js?v=1", response: STATUS });
    expect(r.fetched[0]).toBe("https://status.other.example:8443/api/v2/status.json");
  });

  it("refreshes every 60 s, updating the same element", async () => {
    const r = await run({ target: true, response: STATUS });
    expect(r.intervals).toEqual([WIDGET_REFRESH_MS]);
    expect(WIDGET_REFRESH_MS).toBe(60_000);
    await r.tick();
    expect(r.fetched).toHaveLength(2);
    expect(r.target!.children).toHaveLength(1);
  });

  it("refuses a non-http page URL for the link", async () => {
    const r = await run({ target: true, response: { ...STATUS, page: { ...STATUS.page, url: "javascript:alert(1)" } } });
    expect(r.target!.children[0]!.href).toBe("https://status.acme.example");
  });

  it("shows nothing when the API fails, and waits for the DOM when loaded early", async () => {
    const failed = await run({ target: true, ok: false, response: STATUS });
    expect(failed.target!.children[0]!.textContent).toBe("Loading…");
    const early = await run({ target: true, readyState: "loading", response: STATUS });
    expect(early.fetched).toHaveLength(1);
  });
});
