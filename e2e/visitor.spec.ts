// A visitor walks the public page of the seeded demo: the overall status, the component groups,
// the uptime bars, a past incident's permanent page, the history, the metric graphs, dark mode;
// then an operator posts an incident and the visitor's page updates itself without a reload.
// Runs against the same server as the thin path (which may have run first and left the SMTP
// relay down), so nothing here assumes the page is all green at the start.
import { expect, test, type Page } from "@playwright/test";
import { ADMIN_EMAIL, ADMIN_PASSWORD } from "./support";

const COMPONENTS = ["API", "SMTP relay", "IMAP", "Webmail", "Website"];
const DESCRIPTIONS = [
  "All Systems Operational",
  "Partially Degraded Service",
  "Degraded System Service",
  "Minor Service Outage",
  "Partial System Outage",
  "Major System Outage",
  "Service Under Maintenance",
];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTHS_LONG = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** "30 Nov 2026" for a UTC day, as the uptime tooltips write it. */
const utcDayLabel = (d: Date) => `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;

async function postIncident(admin: Page, name: string, status: string, message: string, componentStatus: string): Promise<void> {
  await admin.goto("/admin/incidents/new");
  await admin.getByLabel("Name", { exact: true }).fill(name);
  await admin.getByLabel("Status", { exact: true }).selectOption({ label: status });
  await admin.getByLabel("Message", { exact: true }).fill(message);
  for (const c of COMPONENTS) await admin.getByLabel(c, { exact: true }).selectOption({ label: componentStatus });
  await admin.getByRole("button", { name: "Post incident" }).click();
  await expect(admin).toHaveURL(/\/admin(\?|$)/);
}

test("a visitor reads the status page, and it updates itself when an incident is posted", async ({ browser }) => {
  const run = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  const banner = visitor.getByRole("region", { name: "Overall status" });

  await test.step("the overall status shows in the banner and the title", async () => {
    await visitor.goto("/");
    await expect(visitor.getByRole("heading", { level: 1, name: "Herald Demo" })).toBeVisible();
    await expect(banner).toBeVisible();
    // The banner, the title and the icon say what the API says. A page served in the seconds after the
    // previous test's last change (a kept copy, up to 5 s old) refreshes itself as soon as its event
    // stream connects: wait for that, so the steps below start from the current page.
    await expect(async () => {
      const api = (await (await visitor.request.get("/api/v2/status.json")).json()) as { status: { indicator: string; description: string } };
      expect(DESCRIPTIONS).toContain(api.status.description);
      await expect(banner).toHaveText(api.status.description, { timeout: 1_000 });
      await expect(visitor).toHaveTitle(`Herald Demo — ${api.status.description}`, { timeout: 1_000 });
      // Every icon link (Next may leave two after a refresh) points at the status's icon.
      await expect(visitor.locator(`link[rel="icon"][href="/favicon/${api.status.indicator}.svg"]`).first()).toBeAttached({ timeout: 1_000 });
      await expect(visitor.locator(`link[rel="icon"]:not([href="/favicon/${api.status.indicator}.svg"])`)).toHaveCount(0, { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
  });

  await test.step("components show in their groups; a group collapses and expands with the keyboard", async () => {
    const group = visitor.locator('[data-group="Mail delivery"]');
    for (const name of ["SMTP relay", "IMAP", "Webmail"]) await expect(group.locator(`[data-component="${name}"]`)).toBeVisible();
    for (const name of ["API", "Website"]) await expect(visitor.locator(`[data-component="${name}"]`)).toBeVisible();
    // Every status is in words, not colour alone.
    await expect(visitor.locator('[data-component="IMAP"]')).toContainText(/Operational|Degraded performance|Partial outage|Major outage|Under maintenance/);

    const summary = group.locator("summary");
    await summary.focus();
    await expect(summary).toBeFocused();
    await visitor.keyboard.press("Enter");
    await expect(group.locator("details")).not.toHaveAttribute("open");
    await expect(group.locator('[data-component="IMAP"]')).toBeHidden();
    await visitor.keyboard.press("Space");
    await expect(group.locator("details")).toHaveAttribute("open");
    await expect(group.locator('[data-component="IMAP"]')).toBeVisible();
  });

  await test.step("uptime bars show a tooltip with the day and its uptime on hover and on focus", async () => {
    const bars = visitor.getByRole("group", { name: "SMTP relay: uptime for each of the last 90 days" });
    await expect(bars.getByRole("button")).toHaveCount(90);
    const today = utcDayLabel(new Date());
    const todayBar = bars.getByRole("button", { name: new RegExp(`^${today}: [0-9.]+% uptime$`) });
    await todayBar.hover();
    const tooltip = visitor.getByRole("tooltip").filter({ hasText: today });
    await expect(tooltip).toBeVisible();
    await expect(tooltip).toContainText(/[0-9.]+% uptime/);

    // Keyboard: one tab stop for the strip, arrow keys move between days.
    await visitor.mouse.move(0, 0);
    await todayBar.focus();
    await visitor.keyboard.press("ArrowLeft");
    const yesterday = utcDayLabel(new Date(Date.now() - 86_400_000));
    await expect(bars.getByRole("button", { name: new RegExp(`^${yesterday}:`) })).toBeFocused();
    await expect(visitor.getByRole("tooltip").filter({ hasText: yesterday })).toBeVisible();
    await visitor.keyboard.press("Escape");
    await expect(visitor.getByRole("tooltip").filter({ hasText: yesterday })).toBeHidden();

    // The day of the seeded incident lists it.
    const incidentDay = utcDayLabel(new Date(Date.now() - 3 * 86_400_000));
    await bars.getByRole("button", { name: new RegExp(`^${incidentDay}:`) }).hover();
    await expect(visitor.getByRole("tooltip").filter({ hasText: incidentDay })).toContainText("Delayed outbound mail");
    await visitor.mouse.move(0, 0);
  });

  let incidentUrl = "";
  await test.step("the past incident has a permanent, shareable page", async () => {
    const past = visitor.getByRole("region", { name: "Past incidents" });
    await expect(past.getByText("No incidents reported.").first()).toBeVisible();
    await past.getByRole("link", { name: "Delayed outbound mail" }).click();
    await expect(visitor).toHaveURL(/\/incidents\/[a-z0-9]+$/);
    incidentUrl = new URL(visitor.url()).pathname;
    await visitor.goto(incidentUrl); // a fresh load of the permanent URL
    await expect(visitor.getByRole("heading", { level: 1, name: "Delayed outbound mail" })).toBeVisible();
    await expect(visitor.getByText("The queue has drained and mail is delivered without delay.")).toBeVisible();
    await expect(visitor.getByText("Outgoing mail is queueing for up to 20 minutes. We are investigating.")).toBeVisible();
    await expect(visitor).toHaveTitle(/Delayed outbound mail/);
    await expect(visitor.locator('meta[property="og:title"]')).toHaveAttribute("content", "Delayed outbound mail");
    await expect(visitor.locator('meta[property="og:type"]')).toHaveAttribute("content", "article");
    await expect(visitor.locator('meta[property="og:description"]')).toHaveAttribute("content", "The queue has drained and mail is delivered without delay.");
    await expect(visitor.locator('meta[property="og:url"]')).toHaveAttribute("content", new RegExp(`${incidentUrl}$`));
  });

  await test.step("the history lists the incident under its month", async () => {
    await visitor.goto("/history");
    await expect(visitor.getByRole("heading", { level: 1, name: "Incident history" })).toBeVisible();
    const started = new Date(Date.now() - 3 * 86_400_000);
    // The demo page's time zone is UTC.
    const month = visitor.getByRole("region", { name: `${MONTHS_LONG[started.getUTCMonth()]} ${started.getUTCFullYear()}` });
    await expect(month.getByRole("link", { name: "Delayed outbound mail" })).toHaveAttribute("href", incidentUrl);
  });

  await test.step("metric graphs switch between day, week and month", async () => {
    await visitor.goto("/");
    const metric = visitor.locator('[data-metric="Outbound queue size"]');
    await expect(metric).toBeVisible();
    const week = metric.getByRole("button", { name: "Week" });
    await week.click();
    await expect(week).toHaveAttribute("aria-pressed", "true");
    await expect(metric.getByRole("button", { name: "Day" })).toHaveAttribute("aria-pressed", "false");
    await metric.getByRole("button", { name: "Month" }).click();
    await expect(metric.getByRole("button", { name: "Month" })).toHaveAttribute("aria-pressed", "true");
  });

  await test.step("dark mode follows the system", async () => {
    const background = () => visitor.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await visitor.emulateMedia({ colorScheme: "light" });
    const light = await background();
    await visitor.emulateMedia({ colorScheme: "dark" });
    await expect.poll(background).not.toBe(light);
    await visitor.emulateMedia({ colorScheme: "light" });
  });

  await test.step("the page updates itself when an operator posts an incident", async () => {
    await visitor.goto("/");
    await expect(banner).toBeVisible();
    // Marks this document: a reload would lose it.
    await visitor.evaluate(() => ((window as unknown as { heraldNoReload: boolean }).heraldNoReload = true));

    const admin = await (await browser.newContext()).newPage();
    await admin.goto("/admin/login");
    await admin.getByLabel("Email").fill(ADMIN_EMAIL);
    await admin.getByLabel("Password").fill(ADMIN_PASSWORD);
    await admin.getByRole("button", { name: "Log in" }).click();
    await expect(admin.getByRole("heading", { name: "Dashboard" })).toBeVisible();

    const name = `Everything is down ${run}`;
    await postIncident(admin, name, "Investigating", `Nothing works (${run}).`, "Major outage");

    await expect(banner).toHaveText("Major System Outage", { timeout: 10_000 });
    await expect(visitor.getByRole("article", { name })).toBeVisible();
    await expect(visitor.locator('[data-component="Webmail"]')).toContainText("Major outage");
    await expect(visitor).toHaveTitle("Herald Demo — Major System Outage");
    await expect(visitor.locator('link[rel="icon"][href="/favicon/critical.svg"]').first()).toBeAttached();
    await expect(visitor.locator('link[rel="icon"]:not([href="/favicon/critical.svg"])')).toHaveCount(0);
    expect(await visitor.evaluate(() => (window as unknown as { heraldNoReload?: boolean }).heraldNoReload)).toBe(true);

    // Put everything back (and see the page follow again).
    await postIncident(admin, `All clear ${run}`, "Resolved", `Everything works again (${run}).`, "Operational");
    await expect(banner).toHaveText("All Systems Operational", { timeout: 10_000 });
    expect(await visitor.evaluate(() => (window as unknown as { heraldNoReload?: boolean }).heraldNoReload)).toBe(true);
  });
});
