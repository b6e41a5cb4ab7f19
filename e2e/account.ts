// Account steps as a person takes them: the header's links and the sign-in page.
import { expect, type Page } from "@playwright/test";
import { heading } from "./flow.js";
import { waitForMail } from "./mail.js";

export const SIGNED_OUT = "You signed out; your booking in progress was cleared.";

/** An address no earlier run has used (the e2e backend keeps its data while it runs). */
export function newEmail(label: string): string {
  return `${label}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
}

/** Creates an account from the header's "Sign in" link; ends back where the page was. */
export async function signUp(page: Page, email: string, password = "correct horse battery"): Promise<void> {
  await page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Sign in" }).click();
  await expect(heading(page, "Sign in")).toBeVisible();
  await page.getByRole("button", { name: "New here? Create an account" }).click();
  await expect(heading(page, "Create an account")).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await confirmEmail(page, email);
}

/** The "Check your email" step: reads the code from the dev mail catcher and enters it. */
export async function confirmEmail(page: Page, email: string): Promise<void> {
  // Sign-up hashes the password (about 150 ms alone; seconds on a busy machine).
  await expect(heading(page, "Check your email")).toBeVisible({ timeout: 20_000 });
  const message = await waitForMail(page.request, email, /^Your tabbook code: \d{8}$/);
  const code = /(\d{8})$/.exec(message.subject)![1];
  await page.getByLabel("Code from the email").fill(code);
  await page.getByRole("button", { name: "Confirm email" }).click();
  await expect(heading(page, "Check your email")).toHaveCount(0);
  await expect(accountLink(page, "My bookings")).toBeVisible();
}

export const accountLink = (page: Page, name: string) =>
  page.getByRole("navigation", { name: "Account" }).getByRole("link", { name });

export async function signOut(page: Page): Promise<void> {
  await page.getByRole("navigation", { name: "Account" }).getByRole("button", { name: "Sign out" }).click();
}

export const sessionIdOf = (page: Page) => page.evaluate(() => sessionStorage.getItem("tabbook.sessionId"));
