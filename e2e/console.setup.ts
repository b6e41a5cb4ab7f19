// Runs before the specs: makes sure the e2e deployment has its owner. The
// first run signs the owner account up and uses the one-use owner invite
// that `npm run dev` printed (and wrote to the data directory); later runs
// find the account and its role already there.
import { test as setup, expect } from "@playwright/test";
import { heading } from "./flow.js";
import { OWNER, joinTeam, ownerInviteLink, signInAs } from "./console.js";
import { accountLink, confirmEmail } from "./account.js";

setup("the e2e deployment has an owner", async ({ page }) => {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(OWNER.email);
  await page.getByLabel("Password").fill(OWNER.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  const refused = page.getByRole("alert");
  const checkEmail = heading(page, "Check your email");
  await expect(accountLink(page, "My bookings").or(refused).or(checkEmail)).toBeVisible();
  // An owner account made before sign-ups were confirmed by email confirms it once.
  if (await checkEmail.isVisible()) await confirmEmail(page, OWNER.email);
  if (await refused.isVisible()) await signInAs(page, OWNER.email, OWNER.password, true);
  await page.goto("/");
  const consoleLink = accountLink(page, "Console");
  await expect(consoleLink.or(heading(page, "Choose a service"))).toBeVisible();
  // team.me answers after the page: give the link its moment before concluding it is absent.
  if (!(await consoleLink.isVisible({ timeout: 3000 }).catch(() => false))) {
    await joinTeam(page, ownerInviteLink());
  }
  await expect(accountLink(page, "Console")).toBeVisible();
});
