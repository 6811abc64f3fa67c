// The thin path, as people do it: a visitor subscribes, confirms through the emailed link, an operator
// posts an incident, the visitor sees it, and the subscriber is sent a notification about it.
import { expect, test } from "@playwright/test";
import { ADMIN_EMAIL, ADMIN_PASSWORD, waitForMail } from "./support";

test("a visitor subscribes, confirms, and is notified of an incident an operator posts", async ({ browser }) => {
  const run = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const subscriber = `visitor-${run}@example.com`;
  const incidentName = `Mail relay outage ${run}`;
  const incidentMessage = `Outbound mail is failing for some customers.\nWe are investigating (${run}).`;

  const visitor = await (await browser.newContext()).newPage();
  const admin = await (await browser.newContext()).newPage();

  await test.step("visitor subscribes on the status page", async () => {
    await visitor.goto("/");
    await expect(visitor.getByText("All Systems Operational", { exact: true })).toBeVisible();
    await visitor.getByLabel("Email address").fill(subscriber);
    await visitor.getByRole("button", { name: "Subscribe" }).click();
    await expect(visitor.getByText("Check your inbox to confirm your subscription.")).toBeVisible();
  });

  await test.step("operator logs in", async () => {
    await admin.goto("/admin");
    await expect(admin).toHaveURL(/\/admin\/login$/);
    await admin.getByLabel("Email").fill(ADMIN_EMAIL);
    await admin.getByLabel("Password").fill(ADMIN_PASSWORD);
    await admin.getByRole("button", { name: "Log in" }).click();
    await expect(admin.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  });

  let confirmPath = "";
  await test.step("operator finds the confirmation mail in Captured mail", async () => {
    await admin.getByRole("link", { name: "Captured mail" }).click();
    const mail = await waitForMail(admin, subscriber);
    await mail.locator("summary").click();
    const link = mail.getByRole("link", { name: /\/subscriptions\/confirm\// });
    await expect(link).toBeVisible();
    const href = await link.getAttribute("href");
    expect(href).toMatch(/^https?:\/\/[^/]+\/subscriptions\/confirm\/[^/\s]+$/);
    confirmPath = new URL(href!).pathname;
  });

  await test.step("visitor opens the confirmation link", async () => {
    await visitor.goto(confirmPath);
    await expect(visitor.getByRole("heading", { name: "Your subscription is confirmed" })).toBeVisible();
    await expect(visitor.getByText(subscriber)).toBeVisible();
  });

  await test.step("operator posts an incident affecting the SMTP relay", async () => {
    await admin.getByRole("link", { name: "New incident" }).first().click();
    await expect(admin.getByRole("heading", { name: "New incident" })).toBeVisible();
    await admin.getByLabel("Name", { exact: true }).fill(incidentName);
    await admin.getByLabel("Status", { exact: true }).selectOption({ label: "Investigating" });
    await admin.getByLabel("Message", { exact: true }).fill(incidentMessage);
    await admin.getByLabel("SMTP relay", { exact: true }).selectOption({ label: "Major outage" });
    await expect(admin.getByLabel("Notify subscribers")).toBeChecked();
    await admin.getByRole("button", { name: "Post incident" }).click();
    await expect(admin).toHaveURL(/\/admin(\?|$)/);
    await expect(admin.getByText("Incident posted")).toBeVisible();
    // Listed among the open incidents (and, while its notification goes out, under "Sending now" too).
    await expect(admin.getByRole("region", { name: "Open incidents and maintenance in progress" }).getByText(incidentName)).toBeVisible();
  });

  await test.step("visitor sees the incident on the status page", async () => {
    await visitor.goto("/");
    const incident = visitor.getByRole("article", { name: incidentName });
    await expect(incident).toBeVisible();
    await expect(incident.getByText("Outbound mail is failing for some customers.")).toBeVisible();
    await expect(incident.getByText(`We are investigating (${run}).`)).toBeVisible();
    await expect(visitor.locator('[data-component="SMTP relay"]')).toContainText("Major outage");
  });

  await test.step("the subscriber is sent a notification about the incident", async () => {
    const mail = await waitForMail(admin, subscriber, incidentName);
    await mail.locator("summary").click();
    await expect(mail.locator("pre")).toContainText("Outbound mail is failing for some customers.");
  });

  await test.step("operator watches the notification go out and resolves the incident", async () => {
    await admin.goto("/admin");
    await admin.getByRole("region", { name: "Open incidents and maintenance in progress" }).getByRole("link", { name: incidentName }).click();
    await expect(admin.getByRole("heading", { name: incidentName })).toBeVisible();
    const emailRow = admin.getByRole("region", { name: "Incident posted notification" }).getByRole("row", { name: /^Email/ });
    // Columns: Total, Sent, …; the subscriber's email has been sent.
    await expect(emailRow.getByRole("cell").nth(1)).toHaveText(/^[1-9]\d*$/);
    await admin.getByLabel("Status", { exact: true }).selectOption({ label: "Resolved" });
    await admin.getByLabel("Message", { exact: true }).fill("Mail is flowing again; the backlog is delivered.");
    await admin.getByLabel(/^SMTP relay/).selectOption({ label: "Operational" });
    await admin.getByRole("button", { name: "Post update" }).click();
    await expect(admin.getByText("Update posted")).toBeVisible();
    await expect(admin.getByRole("region", { name: "Resolved notification" })).toBeVisible();
  });

  await test.step("visitor sees the service operational again", async () => {
    await expect(async () => {
      await visitor.goto("/");
      await expect(visitor.locator('[data-component="SMTP relay"]')).toContainText("Operational", { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await expect(visitor.getByText("All Systems Operational", { exact: true })).toBeVisible();
    // The incident stays on the page among today's past incidents, with its resolution.
    await expect(visitor.getByRole("article", { name: incidentName }).getByText("Mail is flowing again; the backlog is delivered.")).toBeVisible();
  });
});
