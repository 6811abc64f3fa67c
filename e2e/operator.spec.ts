// The operator makes the page theirs, on a fresh start, from the dashboard only: the demo removed
// with Start fresh, the page named and put in a time zone, a group with two components (reordered
// with the keyboard and by drag), a metric, a maintenance two minutes out that starts and completes
// by itself, an incident from a template (previewed, updated, resolved with its components set back
// to operational, its postmortem published), subscribers added, filtered and exported, an API key
// created and revoked, and each of these in the audit log. After each step the public page and
// /api/v2/summary.json show what changed.
// Start fresh removes the demo the other specs read: playwright.config.ts runs this one after them.
import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { ADMIN_EMAIL, ADMIN_PASSWORD } from "./support";

const PAGE_NAME = "Acme Status";
const ZONE = "Europe/Berlin";
const GROUP = "Core platform";

type V2Component = { id: string; name: string; status: string; group_id: string | null; group: boolean; components?: string[] };
type V2Incident = { id: string; name: string; status: string; scheduled_for?: string | null; scheduled_until?: string | null; incident_updates: { body: string; status: string }[]; components: V2Component[] };
type V2Summary = { page: { name: string; time_zone: string }; components: V2Component[]; incidents: V2Incident[]; scheduled_maintenances: V2Incident[] };

/** "2026-12-07T14:05", the wall-clock time of `at` in `zone`, as a datetime-local field takes it. */
function wallClock(at: Date, zone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

async function summary(page: Page): Promise<V2Summary> {
  const response = await page.request.get("/api/v2/summary.json");
  expect(response.ok()).toBe(true);
  return (await response.json()) as V2Summary;
}

/** The names of a group's components, in the order summary.json gives them. */
function groupOrder(s: V2Summary, group: string): string[] {
  const g = s.components.find((c) => c.group && c.name === group);
  if (!g) return [];
  return (g.components ?? []).map((id) => s.components.find((c) => c.id === id)?.name ?? id);
}

/** Retries `check` until it passes: the public page and the JSON are served from a copy a few seconds old. */
async function eventually(check: () => Promise<void>, timeout = 20_000): Promise<void> {
  await expect(check).toPass({ timeout, intervals: [500, 1_000, 2_000] });
}

/** Loads the public page at `path` (until `check` passes on it). */
async function onPublicPage(visitor: Page, path: string, check: () => Promise<void>): Promise<void> {
  await eventually(async () => {
    await visitor.goto(path);
    await check();
  });
}

test("the operator makes the page theirs on a fresh start, and the public page and its API follow each step", async ({ browser }) => {
  // The maintenance starts two to three minutes out and lasts one; the worker ticks every 30 s.
  test.setTimeout(8 * 60_000);
  const run = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const startedAt = new Date();
  // Both browsers are in New York: the dashboard reads the window in the page's zone, not the browser's.
  const admin = await (await browser.newContext({ timezoneId: "America/New_York" })).newPage();
  const visitor = await (await browser.newContext({ timezoneId: "America/New_York" })).newPage();
  const componentsOnPage = () => visitor.locator(`[data-group="${GROUP}"] [data-component]`);

  await test.step("the operator logs in and sees the demo banner", async () => {
    await admin.goto("/admin");
    await expect(admin).toHaveURL(/\/admin\/login$/);
    await admin.getByLabel("Email").fill(ADMIN_EMAIL);
    await admin.getByLabel("Password").fill(ADMIN_PASSWORD);
    await admin.getByRole("button", { name: "Log in" }).click();
    await expect(admin.getByRole("heading", { name: "Dashboard" })).toBeVisible();
    await expect(admin.getByRole("region", { name: "This is demo content" })).toBeVisible();
  });

  await test.step("Start fresh, confirmed, removes the demo", async () => {
    const banner = admin.getByRole("region", { name: "This is demo content" });
    await banner.getByRole("button", { name: "Start fresh" }).click();
    // The first button only asks: the safe choice has the focus.
    await expect(banner.getByRole("button", { name: "Keep it" })).toBeFocused();
    await banner.getByRole("button", { name: "Remove the demo content" }).click();
    await expect(admin).toHaveURL(/\/admin\/settings\?notice=demo-removed$/);
    await expect(admin.getByText("The demo content was removed. Name your page here, then add its components.")).toBeVisible();
    await expect(admin.getByRole("region", { name: "This is demo content" })).toHaveCount(0);

    await onPublicPage(visitor, "/", async () => {
      await expect(visitor.locator("[data-component]")).toHaveCount(0, { timeout: 1_000 });
      await expect(visitor.getByRole("heading", { level: 1, name: "Herald Demo" })).toHaveCount(0, { timeout: 1_000 });
    });
    await eventually(async () => {
      const s = await summary(admin);
      expect(s.components).toEqual([]);
      expect(s.incidents).toEqual([]);
      expect(s.scheduled_maintenances).toEqual([]);
    });
  });

  await test.step("settings: the page's name and time zone", async () => {
    await admin.getByLabel("Page name").fill(PAGE_NAME);
    await admin.getByLabel("Time zone").fill(ZONE);
    await admin.getByRole("button", { name: "Save settings" }).click();
    await expect(admin.getByText("Settings saved. The status page shows them now.")).toBeVisible();
    await expect(admin.getByLabel("Page name")).toHaveValue(PAGE_NAME);
    await expect(admin.getByLabel("Time zone")).toHaveValue(ZONE);

    await onPublicPage(visitor, "/", async () => {
      await expect(visitor.getByRole("heading", { level: 1, name: PAGE_NAME })).toBeVisible({ timeout: 1_000 });
      await expect(visitor).toHaveTitle(`${PAGE_NAME} — All Systems Operational`, { timeout: 1_000 });
    });
    await eventually(async () => {
      const s = await summary(admin);
      expect(s.page).toMatchObject({ name: PAGE_NAME, time_zone: ZONE });
    });
  });

  await test.step("components: a group and two components in it", async () => {
    await admin.getByRole("link", { name: "Components", exact: true }).click();
    await expect(admin.getByRole("heading", { level: 1, name: "Components" })).toBeVisible();
    await expect(admin.getByText("No components yet.")).toBeVisible();

    const newGroup = admin.getByRole("region", { name: "New group" });
    await newGroup.getByLabel("Name", { exact: true }).fill(GROUP);
    await newGroup.getByLabel("Description").fill("What our customers use every day.");
    await newGroup.getByRole("button", { name: "Add group" }).click();
    await expect(admin.getByText(`Group ${GROUP} added at the end of the page.`)).toBeVisible();

    for (const name of ["API", "Dashboard"]) {
      const newComponent = admin.getByRole("region", { name: "New component" });
      await newComponent.getByLabel("Name", { exact: true }).fill(name);
      await newComponent.getByLabel("Group").selectOption({ label: GROUP });
      await newComponent.getByRole("button", { name: "Add component" }).click();
      await expect(admin.getByText(`Component ${name} added at the end of its level.`)).toBeVisible();
    }
    const inGroup = admin.getByRole("list", { name: `Components of ${GROUP}` }).getByRole("article");
    await expect(inGroup).toHaveCount(2);
    await expect(inGroup.nth(0).getByRole("heading")).toHaveText("API");
    await expect(inGroup.nth(1).getByRole("heading")).toHaveText("Dashboard");

    await onPublicPage(visitor, "/", async () => {
      await expect(visitor.locator(`[data-group="${GROUP}"]`)).toContainText("What our customers use every day.", { timeout: 1_000 });
      await expect(componentsOnPage()).toHaveCount(2, { timeout: 1_000 });
      await expect(componentsOnPage().nth(0)).toHaveAttribute("data-component", "API");
      await expect(componentsOnPage().nth(1)).toHaveAttribute("data-component", "Dashboard");
      await expect(componentsOnPage().nth(0)).toContainText("Operational");
    });
    await eventually(async () => expect(groupOrder(await summary(admin), GROUP)).toEqual(["API", "Dashboard"]));
  });

  await test.step("components: reordered with the keyboard", async () => {
    const moveUp = admin.getByRole("button", { name: "Move Dashboard up" });
    await moveUp.focus();
    await admin.keyboard.press("Enter");
    await expect(admin.getByText("Dashboard moved. The page shows the new order.")).toBeVisible();
    const inGroup = admin.getByRole("list", { name: `Components of ${GROUP}` }).getByRole("article");
    await expect(inGroup.nth(0).getByRole("heading")).toHaveText("Dashboard");
    await expect(inGroup.nth(1).getByRole("heading")).toHaveText("API");
    // The first item cannot go further up.
    await expect(admin.getByRole("button", { name: "Move Dashboard up" })).toBeDisabled();

    await onPublicPage(visitor, "/", async () => {
      await expect(componentsOnPage().nth(0)).toHaveAttribute("data-component", "Dashboard", { timeout: 1_000 });
      await expect(componentsOnPage().nth(1)).toHaveAttribute("data-component", "API", { timeout: 1_000 });
    });
    await eventually(async () => expect(groupOrder(await summary(admin), GROUP)).toEqual(["Dashboard", "API"]));
  });

  await test.step("components: reordered by drag and drop", async () => {
    const list = admin.getByRole("list", { name: `Components of ${GROUP}` });
    // API's handle, dropped on the upper part of Dashboard's card: API goes above it.
    await admin.getByTitle("Drag to move API").dragTo(list.getByRole("article", { name: "Dashboard" }), { targetPosition: { x: 40, y: 8 } });
    await expect(admin.getByText("Order saved.")).toBeVisible();
    await expect(list.getByRole("article").nth(0).getByRole("heading")).toHaveText("API");
    await expect(list.getByRole("article").nth(1).getByRole("heading")).toHaveText("Dashboard");
    // Saved: a fresh load shows the same order.
    await admin.reload();
    await expect(list.getByRole("article").nth(0).getByRole("heading")).toHaveText("API");

    await onPublicPage(visitor, "/", async () => {
      await expect(componentsOnPage().nth(0)).toHaveAttribute("data-component", "API", { timeout: 1_000 });
      await expect(componentsOnPage().nth(1)).toHaveAttribute("data-component", "Dashboard", { timeout: 1_000 });
    });
    await eventually(async () => expect(groupOrder(await summary(admin), GROUP)).toEqual(["API", "Dashboard"]));
  });

  await test.step("a metric", async () => {
    await admin.getByRole("link", { name: "Metrics", exact: true }).click();
    const form = admin.getByRole("region", { name: "New metric" });
    await form.getByLabel("Name", { exact: true }).fill("API response time");
    await form.getByLabel("Suffix (unit)").fill(" ms");
    await form.getByLabel("Description").fill("Median time to answer a request.");
    await form.getByRole("button", { name: "Create metric" }).click();
    await expect(admin.getByText("Metric created", { exact: true })).toBeVisible();
    await expect(admin.getByRole("region", { name: "Your metrics" }).getByRole("heading", { name: "API response time" })).toBeVisible();
    const metricId = new URL(admin.url()).searchParams.get("created");
    expect(metricId).toBeTruthy();

    await onPublicPage(visitor, "/", async () => {
      const metric = visitor.locator('[data-metric="API response time"]');
      await expect(metric).toBeVisible({ timeout: 1_000 });
      await expect(metric).toContainText("Median time to answer a request.");
      await expect(metric).toContainText("No recent data");
    });
    // The graph's data, as the public page reads it.
    const graph = await visitor.request.get(`/metrics-display/${metricId}/day.json`);
    expect(graph.ok()).toBe(true);
  });

  // Two to three minutes out, to the minute, as typed in the page's time zone (not the browser's).
  const start = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 2 * 60_000);
  const end = new Date(start.getTime() + 60_000);
  const maintenanceName = `Database upgrade ${run}`;
  let maintenancePath = "";
  await test.step("a maintenance two minutes out, starting and completing by itself", async () => {
    await admin.getByRole("link", { name: "Maintenance", exact: true }).click();
    await admin.getByRole("link", { name: "Schedule maintenance" }).click();
    await expect(admin.getByRole("heading", { name: "Schedule maintenance" })).toBeVisible();
    await expect(admin.getByText(`Times are in ${ZONE}`)).toBeVisible();
    await admin.getByLabel("Title").fill(maintenanceName);
    await admin.getByLabel("Starts at").fill(wallClock(start, ZONE));
    await admin.getByLabel("Ends at").fill(wallClock(end, ZONE));
    await admin.getByRole("checkbox", { name: "Dashboard", exact: true }).check();
    await admin.getByLabel("Message").fill("The dashboard's database moves to a bigger machine. Pages may load slowly for a minute.");
    await expect(admin.getByLabel("Start and complete automatically")).toBeChecked();
    await admin.getByLabel("Reminder").selectOption({ label: "No reminder" });
    await admin.getByRole("button", { name: "Schedule maintenance" }).click();
    await expect(admin).toHaveURL(/\/admin\/maintenance\/[a-z0-9]+\?notice=scheduled$/);
    await expect(admin.getByRole("heading", { level: 1, name: maintenanceName })).toBeVisible();
    maintenancePath = `/incidents/${new URL(admin.url()).pathname.split("/").pop()}`;

    await onPublicPage(visitor, "/", async () => {
      const upcoming = visitor.getByRole("region", { name: "Scheduled maintenance" });
      await expect(upcoming.getByRole("article", { name: maintenanceName })).toBeVisible({ timeout: 1_000 });
    });
    // The window as typed, on the page's clock beside the visitor's own.
    const card = visitor.getByRole("article", { name: maintenanceName });
    await expect(card).toContainText(`Scheduled for`);
    await expect(card).toContainText(`(${wallClock(start, ZONE).slice(11)} `);
    await expect(card).toContainText(`(${wallClock(end, ZONE).slice(11)} `);
    await eventually(async () => {
      const m = (await summary(admin)).scheduled_maintenances.find((i) => i.name === maintenanceName);
      expect(m).toBeDefined();
      // The window typed in Berlin's wall-clock time is these instants.
      expect(m).toMatchObject({ status: "scheduled", scheduled_for: start.toISOString(), scheduled_until: end.toISOString() });
      expect(m!.components.map((c) => c.name)).toEqual(["Dashboard"]);
    });
  });

  await test.step("an incident template", async () => {
    await admin.getByRole("link", { name: "Templates", exact: true }).click();
    await admin.getByRole("link", { name: "New template" }).click();
    await admin.getByLabel("Template name").fill("API down");
    await admin.getByLabel("Incident title").fill(`API errors ${run}`);
    await admin.getByLabel("First message").fill("Requests to the API are failing. We are looking into it.");
    await admin.getByLabel("Status").selectOption({ label: "Investigating" });
    await admin.getByLabel("API", { exact: true }).selectOption({ label: "Major outage" });
    await admin.getByLabel("SMS", { exact: true }).uncheck();
    await admin.getByRole("button", { name: "Create template" }).click();
    await expect(admin.getByText("Template created")).toBeVisible();
    const row = admin.getByRole("row", { name: /API down/ });
    await expect(row).toContainText(`API errors ${run}`);
    await expect(row).toContainText("Email, Webhook, X (Twitter)");
  });

  const incidentName = `API errors ${run}`;
  let incidentPath = "";
  await test.step("an incident from the template, previewed, then posted", async () => {
    await admin.getByRole("link", { name: "New incident" }).first().click();
    await expect(admin.getByRole("heading", { name: "New incident" })).toBeVisible();
    await admin.getByLabel("Start from a template").selectOption({ label: "API down" });
    await expect(admin).toHaveURL(/\/admin\/incidents\/new\?template=/);
    await expect(admin.getByLabel("Name", { exact: true })).toHaveValue(incidentName);
    await expect(admin.getByLabel("Message", { exact: true })).toHaveValue("Requests to the API are failing. We are looking into it.");
    await expect(admin.getByLabel("API", { exact: true })).toHaveValue("major_outage");
    await expect(admin.getByLabel("SMS", { exact: true })).not.toBeChecked();

    await admin.getByRole("button", { name: "Preview" }).click();
    const preview = admin.getByRole("region", { name: "Preview" });
    await expect(preview).toBeVisible();
    await expect(preview.getByText("Nothing has been sent.")).toBeVisible();
    const who = preview.getByRole("table");
    // Each channel, and how many get it: no subscribers yet on a fresh page.
    await expect(who.getByRole("row", { name: /^Email/ })).toContainText("0 subscribers");
    await expect(who.getByRole("row", { name: /^SMS/ })).toContainText("Not sent");
    await expect(who.getByRole("row", { name: /^SMS/ })).toContainText("Not chosen for this post.");
    await expect(who.getByRole("row", { name: /^Webhook/ })).toContainText("0 subscribers");
    await expect(who.getByRole("row", { name: /^X \(Twitter\)/ })).toContainText("Posted on the page's X account");
    // The messages themselves: the email as rendered, the X post with its length.
    await expect(preview.getByRole("heading", { name: /^Email/ })).toBeVisible();
    await expect(preview.frameLocator("iframe").getByText("Requests to the API are failing.")).toBeVisible();
    await expect(preview.getByText(/\d+ \/ 280 as X counts it/)).toBeVisible();

    await admin.getByRole("button", { name: "Post incident" }).click();
    await expect(admin).toHaveURL(/\/admin\?notice=incident-posted$/);
    await expect(admin.getByText("Incident posted")).toBeVisible();
    await admin.getByRole("link", { name: incidentName }).first().click();
    await expect(admin.getByRole("heading", { level: 1, name: incidentName })).toBeVisible();
    incidentPath = `/incidents/${new URL(admin.url()).pathname.split("/").pop()}`;

    await onPublicPage(visitor, "/", async () => {
      await expect(visitor.getByRole("article", { name: incidentName })).toBeVisible({ timeout: 1_000 });
      await expect(visitor.locator('[data-component="API"]')).toContainText("Major outage", { timeout: 1_000 });
    });
    await eventually(async () => {
      const s = await summary(admin);
      const incident = s.incidents.find((i) => i.name === incidentName);
      expect(incident).toMatchObject({ status: "investigating" });
      expect(incident!.components.map((c) => c.name)).toEqual(["API"]);
      expect(s.components.find((c) => c.name === "API")?.status).toBe("major_outage");
    });
  });

  await test.step("an update", async () => {
    await admin.getByLabel("Status", { exact: true }).selectOption({ label: "Identified" });
    await admin.getByLabel("Message", { exact: true }).fill(`A bad deploy; rolling it back (${run}).`);
    await admin.getByRole("button", { name: "Post update" }).click();
    await expect(admin.getByText("Update posted")).toBeVisible();

    await onPublicPage(visitor, incidentPath, async () => {
      await expect(visitor.getByRole("heading", { level: 1, name: incidentName })).toBeVisible({ timeout: 1_000 });
      await expect(visitor.getByText(`A bad deploy; rolling it back (${run}).`)).toBeVisible({ timeout: 1_000 });
    });
    await eventually(async () => {
      const incident = (await summary(admin)).incidents.find((i) => i.name === incidentName);
      expect(incident?.status).toBe("identified");
      expect(incident?.incident_updates.map((u) => u.status)).toEqual(["identified", "investigating"]);
    });
  });

  await test.step("resolved, with its components set back to operational", async () => {
    const resolve = admin.getByRole("region", { name: "Resolve" });
    await expect(resolve.getByText("Now: API (major outage).")).toBeVisible();
    await expect(resolve.getByLabel("Set the affected components back to operational")).toBeChecked();
    await resolve.getByLabel("Closing message").fill("The rollback is done and requests succeed again.");
    await resolve.getByRole("button", { name: "Resolve incident" }).click();
    await expect(admin.getByText("Incident resolved")).toBeVisible();
    await expect(admin.getByText("API (operational)")).toBeVisible();

    await onPublicPage(visitor, "/", async () => {
      await expect(visitor.locator('[data-component="API"]')).toContainText("Operational", { timeout: 1_000 });
      await expect(visitor.getByRole("region", { name: "Active incidents" })).toHaveCount(0, { timeout: 1_000 });
      await expect(visitor.getByRole("region", { name: "Past incidents" }).getByRole("link", { name: incidentName })).toBeVisible({ timeout: 1_000 });
    });
    await eventually(async () => {
      const s = await summary(admin);
      expect(s.incidents.map((i) => i.name)).not.toContain(incidentName);
      expect(s.components.find((c) => c.name === "API")?.status).toBe("operational");
    });
  });

  await test.step("a postmortem, published", async () => {
    const body = admin.getByRole("textbox", { name: "Postmortem", exact: true });
    await body.fill(`## What happened\n\nA deploy shipped a broken configuration (${run}).\n\n## What changes\n\nDeploys now wait for the health check.`);
    await admin.getByRole("button", { name: "Publish" }).click();
    await expect(admin.getByText("Postmortem published")).toBeVisible();

    await onPublicPage(visitor, incidentPath, async () => {
      const postmortem = visitor.getByRole("region", { name: "Postmortem" });
      await expect(postmortem.getByRole("heading", { name: "What happened" })).toBeVisible({ timeout: 1_000 });
      await expect(postmortem.getByText(`A deploy shipped a broken configuration (${run}).`)).toBeVisible({ timeout: 1_000 });
    });
    await onPublicPage(visitor, "/history", async () => {
      await expect(visitor.getByRole("link", { name: incidentName })).toBeVisible({ timeout: 1_000 });
    });
    // Resolved, it has left summary.json's open incidents; incidents.json keeps it.
    const all = (await (await admin.request.get("/api/v2/incidents.json")).json()) as { incidents: V2Incident[] };
    expect(all.incidents.find((i) => i.name === incidentName)?.status).toBe("resolved");
  });

  const alice = `alice-${run}@example.com`;
  const bob = `bob-${run}@example.org`;
  await test.step("subscribers: added, filtered and exported", async () => {
    await admin.getByRole("link", { name: "Subscribers", exact: true }).click();
    await expect(admin.getByText("No subscribers yet.")).toBeVisible();
    const add = admin.getByRole("region", { name: "Add a subscriber" });
    await add.getByLabel("Address", { exact: true }).fill(alice);
    await add.getByLabel("Confirmed already (they agreed elsewhere)").check();
    await add.getByRole("button", { name: "Add subscriber" }).click();
    await expect(admin.getByText(`Added ${alice}: active.`)).toBeVisible();
    await add.getByLabel("Address", { exact: true }).fill(bob);
    await add.getByLabel(`API (${GROUP})`, { exact: true }).check();
    await add.getByRole("button", { name: "Add subscriber" }).click();
    await expect(admin.getByText(`Added ${bob}: unconfirmed`)).toBeVisible();

    await admin.reload();
    await expect(admin.getByRole("cell", { name: alice, exact: true })).toBeVisible();
    await expect(admin.getByRole("cell", { name: bob, exact: true })).toBeVisible();

    const filters = admin.getByRole("search", { name: "Filter subscribers" });
    await filters.getByLabel("Filter by state").selectOption({ label: "Active" });
    await filters.getByRole("button", { name: "Filter" }).click();
    await expect(admin).toHaveURL(/state=active/);
    await expect(admin.getByRole("cell", { name: alice, exact: true })).toBeVisible();
    await expect(admin.getByRole("cell", { name: bob, exact: true })).toHaveCount(0);
    await expect(admin.getByText("Showing 1–1 of 1 matching")).toBeVisible();

    const downloading = admin.waitForEvent("download");
    await admin.getByRole("link", { name: "Export CSV (filtered)" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^subscribers-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = fs.readFileSync((await download.path())!, "utf8");
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toBe("channel,address,components,state,created_at,confirmed_at");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(new RegExp(`^email,${alice.replace(/[.]/g, "\\.")},,active,`));

    // The component filter: bob chose API, alice hears of every component.
    await filters.getByLabel("Filter by state").selectOption({ label: "Any" });
    await filters.getByLabel("Filter by component").selectOption({ label: `Dashboard (${GROUP})` });
    await filters.getByRole("button", { name: "Filter" }).click();
    await expect(admin.getByRole("cell", { name: alice, exact: true })).toBeVisible();
    await expect(admin.getByRole("cell", { name: bob, exact: true })).toHaveCount(0);
  });

  await test.step("an API key, created (shown once) and revoked", async () => {
    await admin.getByRole("link", { name: "API keys", exact: true }).click();
    await admin.getByLabel("Key name").fill("Deploy pipeline");
    await admin.getByLabel("Role").selectOption({ label: "Editor: incidents, component statuses, templates" });
    await admin.getByRole("button", { name: "Create API key" }).click();
    await expect(admin.getByText("API key “Deploy pipeline” created")).toBeVisible();
    const key = await admin.getByLabel("Your new API key").inputValue();
    expect(key.length).toBeGreaterThan(20);
    const row = admin.getByRole("region", { name: "Keys in use" }).getByRole("row", { name: /Deploy pipeline/ });
    await expect(row).toBeVisible();
    const prefix = (await row.getByRole("cell").first().textContent())!.replace("…", "");
    expect(key.startsWith(prefix)).toBe(true);

    // Shown once: a fresh load lists it by its prefix only.
    await admin.reload();
    await expect(admin.getByLabel("Your new API key")).toHaveCount(0);
    await expect(admin.getByText(key)).toHaveCount(0);
    await row.getByRole("button", { name: "Revoke… Deploy pipeline" }).click();
    await row.getByRole("button", { name: "Revoke Deploy pipeline" }).click();
    await expect(admin.getByText("API key revoked")).toBeVisible();
    await expect(admin.getByRole("region", { name: "Revoked keys" }).getByRole("row", { name: /Deploy pipeline/ })).toBeVisible();
    await expect(admin.getByRole("region", { name: "Keys in use" }).getByText("No API keys.")).toBeVisible();
  });

  await test.step("the audit log shows each of these", async () => {
    await admin.getByRole("link", { name: "Audit log", exact: true }).click();
    const filters = admin.getByRole("search", { name: "Filter the audit log" });
    await filters.getByLabel("Who").selectOption({ label: ADMIN_EMAIL });
    await filters.getByLabel(/^From/).fill(wallClock(new Date(startedAt.getTime() - 60_000), ZONE));
    await filters.getByRole("button", { name: "Filter" }).click();
    await expect(admin).toHaveURL(/who=/);
    const log = admin.getByRole("table");
    for (const action of [
      "demo.remove",
      "settings.update",
      "group.create",
      "component.create",
      "component.reorder",
      "metric.create",
      "maintenance.schedule",
      "template.create",
      "incident.create",
      "incident.update",
      "incident.resolve",
      "incident.publish_postmortem",
      "subscriber.add",
      "subscriber.export",
      "api_key.create",
      "api_key.revoke",
    ]) {
      await expect(log.getByRole("cell", { name: action, exact: true }).first(), action).toBeVisible();
    }
    // Who and from where, and what a change was before and after.
    const rename = log.getByRole("row").filter({ has: admin.getByRole("cell", { name: "settings.update", exact: true }) });
    await expect(rename).toContainText(ADMIN_EMAIL);
    await expect(rename).toContainText(PAGE_NAME);
  });

  await test.step("the maintenance started and completed by itself", async () => {
    await eventually(async () => {
      await visitor.goto(maintenancePath);
      await expect(visitor.getByText("The scheduled maintenance has been completed.")).toBeVisible({ timeout: 1_000 });
      await expect(visitor.getByText("Scheduled maintenance is currently in progress. We will provide updates as necessary.")).toBeVisible({ timeout: 1_000 });
    }, 5 * 60_000);
    await onPublicPage(visitor, "/", async () => {
      await expect(visitor.getByRole("region", { name: "Scheduled maintenance" })).toHaveCount(0, { timeout: 1_000 });
      await expect(visitor.getByRole("region", { name: "Maintenance in progress" })).toHaveCount(0, { timeout: 1_000 });
      await expect(visitor.locator('[data-component="Dashboard"]')).toContainText("Operational", { timeout: 1_000 });
      await expect(visitor.getByText("All Systems Operational", { exact: true })).toBeVisible({ timeout: 1_000 });
    });
    await eventually(async () => {
      const s = await summary(admin);
      expect(s.scheduled_maintenances.map((m) => m.name)).not.toContain(maintenanceName);
      expect(s.components.filter((c) => !c.group).map((c) => c.status)).toEqual(["operational", "operational"]);
    });
    const all = (await (await admin.request.get("/api/v2/scheduled-maintenances.json")).json()) as { scheduled_maintenances: V2Incident[] };
    const done = all.scheduled_maintenances.find((m) => m.name === maintenanceName);
    expect(done?.status).toBe("completed");
    expect(done?.incident_updates.map((u) => u.status)).toEqual(["completed", "in_progress", "scheduled"]);
  });
});
