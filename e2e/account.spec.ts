import { test, expect } from "./fixtures.js";
import {
  chooseService,
  fillDetails,
  freeTime,
  strangerWatching,
  heading,
  heldTime,
  holdFirstFreeTime,
  holdFirstTimeShown,
  openFreeDay,
  startBooking,
} from "./flow.js";
import { SIGNED_OUT, accountLink, newEmail, sessionIdOf, signOut, signUp } from "./account.js";
import { seriousA11yViolations } from "./a11y.js";
import { caughtMail, waitForMail } from "./mail.js";

test("signing in carries the tab's booking over to the account, in this tab and the others", async ({
  page,
  newTab,
}) => {
  const other = await newTab();
  await other.goto("/");
  await chooseService(other, "Initial assessment");
  const otherIdBefore = await sessionIdOf(other);

  await startBooking(page, { service: "Initial assessment", provider: "Maya Chen" });
  const time = await holdFirstFreeTime(page);
  await fillDetails(page, { name: "Carry Over", email: "carry@example.com" });
  await expect(page.getByText("All changes saved.")).toBeVisible();
  const idBefore = await sessionIdOf(page);

  await signUp(page, newEmail("carry"));
  await expect(heading(page, "Your details")).toBeVisible();
  await expect(page.getByLabel("Full name")).toHaveValue("Carry Over");
  await expect(heldTime(page)).toContainText(time);
  expect(await sessionIdOf(page)).not.toBe(idBefore);

  // The other tab notices the login, rotates its own ID and keeps its own draft.
  await expect(accountLink(other, "My bookings")).toBeVisible();
  await expect.poll(() => sessionIdOf(other)).not.toBe(otherIdBefore);
  await expect(heading(other, "Who would you like to see?")).toBeVisible();
  await other.reload();
  await expect(heading(other, "Who would you like to see?")).toBeVisible();

  // A signed-in reload restores the draft too.
  await page.reload();
  await expect(page.getByLabel("Full name")).toHaveValue("Carry Over");
});

test("signing out in one tab clears every tab's booking in progress, each saying so once", async ({
  page,
  newTab,
  browser,
}) => {
  await page.goto("/");
  await signUp(page, newEmail("logout"));
  await startBooking(page, { service: "Initial assessment", provider: "Any available" });

  // A second signed-in tab holds a time that someone in another browser is watching.
  // (Aiko's fifth free day: no other spec uses it.)
  const other = await newTab();
  const choice = { service: "Follow-up session", provider: "Aiko Tanaka" };
  await startBooking(other, choice);
  await expect(accountLink(other, "My bookings")).toBeVisible();
  const day = await openFreeDay(other, 4);
  const time = await holdFirstTimeShown(other);
  const otherId = await sessionIdOf(other);
  const stranger = await strangerWatching(browser, choice, day);
  const timeForStranger = freeTime(stranger, time);
  await expect(timeForStranger).toHaveCount(0);

  await signOut(page);
  for (const tab of [page, other]) {
    await expect(tab.getByText(SIGNED_OUT)).toHaveCount(1);
    await expect(heading(tab, "Choose a service")).toBeVisible();
    await expect(accountLink(tab, "Sign in")).toBeVisible();
  }
  expect(await sessionIdOf(other)).not.toBe(otherId);
  // The server cleared the drafts and holds, not just the tabs: the held time is free again.
  await expect(timeForStranger).toHaveCount(1);

  // A reload starts over, with no second toast.
  await other.reload();
  await expect(heading(other, "Choose a service")).toBeVisible();
  await expect(other.getByRole("radio", { checked: true })).toHaveCount(0);
  await expect(other.getByText(SIGNED_OUT)).toHaveCount(0);
  await stranger.context().close();
});

test("the sign-in page explains what is wrong with the input, and refuses a wrong password clearly", async ({
  page,
  expectConsoleError,
}) => {
  // The Convex client logs the refused sign-in action itself; the page must still explain it.
  expectConsoleError(/\[CONVEX A\(auth:signIn\)\] .*INVALID_CREDENTIALS/);
  const email = newEmail("wrong");
  await page.goto("/");
  await signUp(page, email);
  await signOut(page);
  await expect(page.getByText(SIGNED_OUT)).toBeVisible();

  await accountLink(page, "Sign in").click();
  await expect(heading(page, "Sign in")).toBeVisible();
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Enter an email address like name@example.com.")).toBeVisible();
  await expect(page.getByText("Use at least 8 characters.")).toBeVisible();
  expect(await seriousA11yViolations(page)).toEqual([]);

  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("not the right password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toHaveText("That email and password don't match an account.");
  await expect(accountLink(page, "Sign in")).toHaveCount(0);
  await expect(heading(page, "Sign in")).toBeVisible();
});

test("creating an account with a taken email looks the same as a new one; only the inbox learns which", async ({
  page,
  expectConsoleError,
}) => {
  // The Convex client logs the refused code itself; the page must still explain it.
  expectConsoleError(/\[CONVEX A\(auth:signIn\)\] .*INVALID_CODE/);
  const email = newEmail("taken");
  await page.goto("/");
  await signUp(page, email);
  await signOut(page);
  await expect(page.getByText(SIGNED_OUT)).toBeVisible();
  const codesBefore = (await caughtMail(page.request, email)).length;

  await accountLink(page, "Sign in").click();
  await page.getByRole("button", { name: "New here? Create an account" }).click();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("somebody else's password");
  await page.getByRole("button", { name: "Create account" }).click();
  // The same page a new address gets, and nothing in it says the account exists.
  await expect(heading(page, "Check your email")).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole("alert")).toHaveCount(0);
  expect(await seriousA11yViolations(page)).toEqual([]);
  const notice = await waitForMail(page.request, email, /^You already have a tabbook account$/);
  expect(notice.text).toContain("Sign in with your password instead.");
  expect((await caughtMail(page.request, email)).length).toBe(codesBefore + 1);

  // A wrong code is refused clearly, and the way back to signing in is one click.
  await page.getByLabel("Code from the email").fill("00000000");
  await page.getByRole("button", { name: "Confirm email" }).click();
  await expect(page.getByRole("alert")).toContainText("That code is wrong or has expired.");
  await page.getByRole("button", { name: "Back to sign in" }).click();
  await expect(heading(page, "Sign in")).toBeVisible();
});
