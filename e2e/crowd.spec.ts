// A crowd keeps the page open: hundreds of live-update streams (open tabs) at once, more than the
// web process once had connections to its renderer for (256), while the page, the JSON widgets
// read and the operator's log-in keep answering and every stream gets the next change. And a
// page refused a stream (one address over its cap) still learns of changes, by polling.
import { execFileSync } from "node:child_process";
import http from "node:http";
import { expect, test } from "@playwright/test";

const STREAMS = 400;
const PER_ADDRESS = 20;

/** The CLI against the same database as the server under test. */
function herald(...args: string[]): string {
  return execFileSync(process.execPath, ["--import", "tsx", "scripts/herald.ts", ...args], {
    env: { ...process.env, HERALD_DATA_DIR: `.data/e2e-${process.env.E2E_RUN_ID}`, DATABASE_URL: process.env.E2E_DATABASE_URL ?? "" },
    encoding: "utf8",
  }).trim();
}

type Stream = { status: number; text: () => string; close: () => void };

/** An open /events stream from a loopback address of its own (Linux routes all of 127/8 to lo). */
function openStream(base: string, from: string): Promise<Stream> {
  return new Promise((resolve, reject) => {
    let got = "";
    const req = http.get(`${base}/events`, { localAddress: from, headers: { accept: "text/event-stream" }, agent: false }, (res) => {
      res.setEncoding("utf8");
      res.on("data", (c: string) => (got += c));
      res.on("error", () => undefined);
      resolve({ status: res.statusCode!, text: () => got, close: () => req.destroy() });
    });
    req.setTimeout(15_000, () => req.destroy(new Error(`no answer to /events from ${from} in 15 s`)));
    req.on("error", reject);
  });
}

async function answers(url: string): Promise<number> {
  const r = await fetch(url, { signal: AbortSignal.timeout(10_000), headers: { "accept-encoding": "gzip" } });
  await r.arrayBuffer();
  return r.status;
}

test("400 open live-update streams: the page, the JSON and log-in still answer, and every stream gets the next change", async ({ baseURL, page }) => {
  const streams: Stream[] = [];
  let incident = "";
  try {
    for (let i = 0; i < STREAMS; i += PER_ADDRESS) {
      const from = `127.0.1.${2 + i / PER_ADDRESS}`;
      streams.push(...(await Promise.all(Array.from({ length: PER_ADDRESS }, () => openStream(baseURL!, from)))));
    }
    expect(streams.filter((s) => s.status === 200)).toHaveLength(STREAMS);
    await expect.poll(() => streams.filter((s) => s.text().includes("event: hello")).length).toBe(STREAMS);

    expect(await answers(`${baseURL}/`)).toBe(200);
    expect(await answers(`${baseURL}/api/v2/summary.json`)).toBe(200);
    expect(await answers(`${baseURL}/admin/login`)).toBe(200);
    expect((await page.goto("/"))?.status()).toBe(200);
    await expect(page.getByRole("region", { name: "Overall status" })).toBeVisible();

    incident = herald("incident", "create", "--name", `Crowd check ${Date.now()}`, "--message", "Checking that every open page hears of this.", "--no-notify");
    await expect
      .poll(() => streams.filter((s) => s.text().includes("event: change")).length, { timeout: 15_000 })
      .toBe(STREAMS);
  } finally {
    for (const s of streams) s.close();
    if (incident) herald("incident", "resolve", incident, "--no-notify");
  }
});

test("a page refused a live-update stream (its address is at the cap) polls, and still shows a new incident", async ({ baseURL, page }) => {
  test.setTimeout(120_000);
  // The browser connects from 127.0.0.1: fill that address's streams (HERALD_STREAMS_PER_IP, 50 by default).
  const held: Stream[] = [];
  let incident = "";
  try {
    for (;;) {
      const s = await openStream(baseURL!, "127.0.0.1");
      held.push(s);
      if (s.status !== 200) break;
    }
    expect(held.at(-1)!.status).toBe(429);
    const refused = page.waitForResponse((r) => r.url().endsWith("/events"));
    await page.goto("/");
    expect((await refused).status()).toBe(429);

    const name = `Polled incident ${Date.now()}`;
    incident = herald("incident", "create", "--name", name, "--message", "Seen by a page without a stream.", "--no-notify");
    // The page polls /api/v2/status.json and its own ETag every 30 s.
    await expect(page.getByText(name).first()).toBeVisible({ timeout: 45_000 });
  } finally {
    for (const s of held) s.close();
    if (incident) herald("incident", "resolve", incident, "--no-notify");
  }
});
