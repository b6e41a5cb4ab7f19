import { test, expect } from "./fixtures.js";
import { fillDetails, heading, heldTime, holdFirstFreeTime, startBooking } from "./flow.js";
import { sessionIdOf } from "./account.js";

const FORKED = "This tab is a copy of another open tab, so it now has its own booking.";

test("a duplicated tab forks: its own session, a copy of the booking without the held time", async ({
  page,
  context,
  watchTab,
}) => {
  await startBooking(page, { service: "Initial assessment", provider: "Any available" });
  const time = await holdFirstFreeTime(page);
  await fillDetails(page, { name: "Original Tab", email: "original@example.com" });
  await expect(page.getByText("All changes saved.")).toBeVisible();

  // window.open copies sessionStorage into the new tab, as "Duplicate tab" does.
  const [copy] = await Promise.all([
    context.waitForEvent("page"),
    page.evaluate(() => window.open(location.href)),
  ]);
  watchTab(copy);
  await expect(copy.getByText(FORKED, { exact: false })).toBeVisible();
  await expect(heading(copy, "Choose a date and time")).toBeVisible();
  await expect(copy.getByRole("region", { name: "Your held time" })).toHaveCount(0);
  expect(await sessionIdOf(copy)).not.toBe(await sessionIdOf(page));

  // The copy has the details; picking a time there leaves the original's hold alone.
  await holdFirstFreeTime(copy);
  await expect(copy.getByLabel("Full name")).toHaveValue("Original Tab");
  await copy.getByLabel("Full name").fill("Copied Tab");
  await expect(copy.getByText("All changes saved.")).toBeVisible();

  await page.reload();
  await expect(page.getByText(FORKED, { exact: false })).toHaveCount(0);
  await expect(page.getByLabel("Full name")).toHaveValue("Original Tab");
  await expect(heldTime(page)).toContainText(time);
});
