// A second operator, invited by link: the owner invites them from /admin/operators, the worker
// mails the invitation (read in Captured mail), they open the link in a browser of their own,
// choose a name and a password and are logged in, change their password, and are then disabled
// by the owner: their next page load sends them to log-in, where their password no longer works.
import { expect, test, type Page } from "@playwright/test";
import { ADMIN_EMAIL, ADMIN_PASSWORD, waitForMail } from "./support";

async function logIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/admin/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
}

test("a second operator is invited by link, logs in, changes their password, and is logged out when disabled", async ({ browser }) => {
  const run = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const email = `operator-${run}@example.com`;
  const name = `Robin ${run}`;
  const firstPassword = `first-password-${run}`;
  const newPassword = `second-password-${run}`;

  const owner = await (await browser.newContext()).newPage();
  // The invited operator's own browser: nothing shared with the owner's.
  const invitee = await (await browser.newContext()).newPage();

  await test.step("the owner invites them as an editor", async () => {
    await logIn(owner, ADMIN_EMAIL, ADMIN_PASSWORD);
    await expect(owner.getByRole("heading", { name: "Dashboard" })).toBeVisible();
    await owner.getByRole("link", { name: "Operators", exact: true }).click();
    const invite = owner.getByRole("region", { name: "Invite an operator" });
    await invite.getByLabel("Email").fill(email);
    await invite.getByLabel("Role").selectOption({ label: "Editor" });
    await invite.getByRole("button", { name: "Send invitation" }).click();
    await expect(owner.getByText("Invitation sent")).toBeVisible();
    const row = owner.getByRole("row", { name: new RegExp(email.replace(/[.]/g, "\\.")) });
    await expect(row).toContainText("Editor");
    await expect(row).toContainText("Invited");
  });

  let invitationPath = "";
  await test.step("the invitation mail arrives, with its link", async () => {
    const mail = await waitForMail(owner, email, /You are invited to run/);
    await mail.locator("summary").click();
    const link = mail.getByRole("link", { name: /\/admin\/invitation\// });
    await expect(link).toBeVisible();
    const href = await link.getAttribute("href");
    expect(href).toMatch(/^https?:\/\/[^/]+\/admin\/invitation\/[^/\s]+$/);
    invitationPath = new URL(href!).pathname;
  });

  await test.step("they open the link, choose a name and a password, and are logged in", async () => {
    await invitee.goto(invitationPath);
    await expect(invitee.getByRole("heading", { level: 1, name: /^Join / })).toBeVisible();
    await expect(invitee.getByText(email)).toBeVisible();
    await invitee.getByLabel("Your name").fill(name);
    await invitee.getByLabel("Password", { exact: true }).fill(firstPassword);
    await invitee.getByLabel("Type it again").fill(firstPassword);
    await invitee.getByRole("button", { name: "Join and log in" }).click();
    await expect(invitee.getByRole("heading", { name: "Dashboard" })).toBeVisible();
    // The link worked once.
    const again = await (await browser.newContext()).newPage();
    await again.goto(invitationPath);
    await expect(again.getByRole("heading", { name: "This invitation no longer works" })).toBeVisible();
    await again.context().close();
  });

  await test.step("they change their password on their account page", async () => {
    await invitee.getByRole("link", { name: "Account", exact: true }).click();
    await expect(invitee.getByRole("heading", { name: "Your account" })).toBeVisible();
    await expect(invitee.getByText(email)).toBeVisible();
    await expect(invitee.getByText(name)).toBeVisible();
    await invitee.getByLabel("Current password").fill(firstPassword);
    await invitee.getByLabel("New password").fill(newPassword);
    await invitee.getByLabel("Type it again").fill(newPassword);
    await invitee.getByRole("button", { name: "Change password" }).click();
    await expect(invitee.getByText("Password changed. Your other sessions were logged out.")).toBeVisible();

    // This session stayed; the old password no longer opens a new one, the new one does.
    const other = await (await browser.newContext()).newPage();
    await logIn(other, email, firstPassword);
    await expect(other.getByRole("alert").filter({ hasText: "Wrong email or password." })).toBeVisible();
    await logIn(other, email, newPassword);
    await expect(other.getByRole("heading", { name: "Dashboard" })).toBeVisible();
    await other.context().close();
  });

  await test.step("the owner sees them active, and disables them", async () => {
    await owner.goto("/admin/operators");
    const row = owner.getByRole("row", { name: new RegExp(email.replace(/[.]/g, "\\.")) });
    await expect(row).toContainText(name);
    await expect(row).toContainText("Active");
    await row.getByRole("button", { name: `Disable… ${email}` }).click();
    await expect(owner.getByText("They are logged out at once and cannot log in until enabled again.")).toBeVisible();
    await row.getByRole("button", { name: `Yes, disable ${email}` }).click();
    await expect(owner.getByText("Operator disabled and logged out")).toBeVisible();
    await expect(row).toContainText("Disabled");
  });

  await test.step("their next page load sends them to log-in, and logging in again fails", async () => {
    await invitee.goto("/admin/account");
    await expect(invitee).toHaveURL(/\/admin\/login$/);
    await invitee.getByLabel("Email").fill(email);
    await invitee.getByLabel("Password").fill(newPassword);
    await invitee.getByRole("button", { name: "Log in" }).click();
    await expect(invitee.getByRole("alert").filter({ hasText: "Wrong email or password." })).toBeVisible();
    await expect(invitee).toHaveURL(/\/admin\/login$/);
  });
});
