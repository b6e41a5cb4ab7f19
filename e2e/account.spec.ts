import { test, expect } from "./fixtures.js";
import { fillDetails, heading, heldTime, holdFirstFreeTime, startBooking, chooseService } from "./flow.js";
import { SIGNED_OUT, accountLink, newEmail, sessionIdOf, signOut, signUp } from "./account.js";

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
  await other.reload();
  await expect(heading(other, "Who would you like to see?")).toBeVisible();

  // A signed-in reload restores the draft too.
  await page.reload();
  await expect(page.getByLabel("Full name")).toHaveValue("Carry Over");
});

test("signing out in one tab clears every tab's booking in progress, each saying so once", async ({
  page,
  newTab,
}) => {
  await page.goto("/");
  await signUp(page, newEmail("logout"));
  await startBooking(page, { service: "Initial assessment", provider: "Any available" });

  const other = await newTab();
  await other.goto("/");
  await expect(accountLink(other, "My bookings")).toBeVisible();
  await chooseService(other, "Follow-up session");
  const otherId = await sessionIdOf(other);

  await signOut(page);
  for (const tab of [page, other]) {
    await expect(tab.getByText(SIGNED_OUT)).toHaveCount(1);
    await expect(heading(tab, "Choose a service")).toBeVisible();
    await expect(
      tab.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Sign in" }),
    ).toBeVisible();
  }
  expect(await sessionIdOf(other)).not.toBe(otherId);

  // The drafts are gone on the server, not just hidden: a reload starts over, with no second toast.
  await other.reload();
  await expect(heading(other, "Choose a service")).toBeVisible();
  await expect(other.getByRole("radio", { checked: true })).toHaveCount(0);
  await expect(other.getByText(SIGNED_OUT)).toHaveCount(0);
});
