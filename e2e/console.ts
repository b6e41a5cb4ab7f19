// The business console as its people use it: the e2e owner account (made
// once from the owner invite that `npm run dev` writes to the data
// directory), signing in as someone, and reading a provider's ID.
import { readFileSync } from "node:fs";
import { expect, type Page } from "@playwright/test";
import { heading } from "./flow.js";
import { accountLink, confirmEmail } from "./account.js";

export const OWNER = { email: "owner@e2e-clinic.example", password: "owner e2e password" };
export const OWNER_INVITE_FILE = ".local-backend/e2e/owner-invite.txt";

/** Signs in from the sign-in page; creates the account instead when `create` is set. */
export async function signInAs(page: Page, email: string, password: string, create = false): Promise<void> {
  await page.goto("/signin");
  await expect(heading(page, "Sign in")).toBeVisible();
  if (create) await page.getByRole("button", { name: "New here? Create an account" }).click();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: create ? "Create account" : "Sign in" }).click();
  // A new account (or one whose email was never confirmed) asks for the emailed code first.
  const checkEmail = heading(page, "Check your email");
  await expect(accountLink(page, "My bookings").or(checkEmail)).toBeVisible();
  if (await checkEmail.isVisible()) await confirmEmail(page, email);
  await expect(accountLink(page, "My bookings")).toBeVisible();
}

export async function signInAsOwner(page: Page): Promise<void> {
  await signInAs(page, OWNER.email, OWNER.password);
  await expect(accountLink(page, "Console")).toBeVisible();
}

/** Joins the team from an invite link, signed in already. */
export async function joinTeam(page: Page, link: string): Promise<void> {
  await page.goto(link);
  await expect(heading(page, "Join the business team")).toBeVisible();
  await page.getByRole("button", { name: "Join the team" }).click();
  await expect(heading(page, "Agenda")).toBeVisible();
}

export const ownerInviteLink = () => readFileSync(OWNER_INVITE_FILE, "utf8").trim();

/**
 * Signs in as the owner, making the account (email code from the mail
 * catcher) and joining from the one-use owner invite when that has not
 * happened yet on this deployment (a retry finds both done).
 */
export async function ensureOwner(page: Page, inviteLink: () => string): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(OWNER.email);
  await page.getByLabel("Password").fill(OWNER.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  const refused = page.getByRole("alert");
  const checkEmail = heading(page, "Check your email");
  await expect(accountLink(page, "My bookings").or(refused).or(checkEmail)).toBeVisible({ timeout: 20_000 });
  // An owner account whose email was never confirmed confirms it once.
  if (await checkEmail.isVisible()) await confirmEmail(page, OWNER.email);
  if (await refused.isVisible()) await signInAs(page, OWNER.email, OWNER.password, true);
  await page.goto("/");
  const consoleLink = accountLink(page, "Console");
  await expect(consoleLink.or(heading(page, "Choose a service"))).toBeVisible();
  // team.me answers after the page: give the link its moment before concluding it is absent.
  if (!(await consoleLink.isVisible({ timeout: 3000 }).catch(() => false))) {
    await joinTeam(page, inviteLink());
  }
  await expect(accountLink(page, "Console")).toBeVisible();
}

/** The provider's document ID, as the owner's agenda calendar picker lists it. */
export async function providerIdOf(ownerPage: Page, name: string): Promise<string> {
  await ownerPage.goto("/console/agenda");
  const option = ownerPage.getByLabel("Calendar").locator("option", { hasText: name });
  await expect(option).toHaveCount(1);
  return (await option.getAttribute("value"))!;
}

/** The date ("YYYY-MM-DD") a time-step URL shows. */
export const dateOf = (url: string) => new URL(url).searchParams.get("date")!;
