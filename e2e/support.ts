// What the browser tests share: the owner's log-in (playwright.config.ts creates this account) and
// reading mail the local SMTP catcher received, as an operator does in Captured mail.
import { expect, type Locator, type Page } from "@playwright/test";

export const ADMIN_EMAIL = "admin@e2e.test";
export const ADMIN_PASSWORD = "e2e-password-123";

/** Reload Captured mail until a message to `to` (and, if given, with `subject` in its summary) shows up. */
export async function waitForMail(page: Page, to: string, subject?: string | RegExp): Promise<Locator> {
  let message!: Locator;
  // Mail goes out from the worker: allow for its queue.
  await expect(async () => {
    await page.goto("/admin/mail");
    let candidates = page.locator("details").filter({ has: page.locator("summary", { hasText: to }) });
    if (subject) candidates = candidates.filter({ has: page.locator("summary", { hasText: subject }) });
    await expect(candidates.first()).toBeVisible({ timeout: 1_000 });
    message = candidates.first();
  }).toPass({ timeout: 30_000, intervals: [500, 1_000, 1_000, 2_000] });
  return message;
}
