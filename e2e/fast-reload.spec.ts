// Reloading over and over, as an impatient person does, must never surface a
// heartbeat refusal (the Convex client logs every failed call as a console
// error) and must restore the flow each time. The fixture fails the test on
// any console error.
import { test, expect } from "./fixtures.js";
import { heading, heldTime, holdFirstFreeTime, startBooking } from "./flow.js";

test("ten reloads half a second apart log no console errors and keep the booking in progress", async ({
  page,
}) => {
  await startBooking(page, { service: "Follow-up session", provider: "Maya Chen" });
  const time = await holdFirstFreeTime(page);
  await page.getByLabel("Full name").fill("Rita Reload");
  await expect(page.getByText("All changes saved.")).toBeVisible();

  for (let reload = 0; reload < 10; reload++) {
    await page.reload();
    // The pace of the reloads is what is being tested, not a wait for the app.
    await page.waitForTimeout(500);
  }
  await expect(heading(page, "Your details")).toBeVisible();
  await expect(page.getByLabel("Full name")).toHaveValue("Rita Reload");
  await expect(heldTime(page)).toContainText(time);
  // A later save round-trips, so replies to the last page's beats have arrived too.
  await page.getByLabel("Full name").fill("Rita Reloaded");
  await expect(page.getByText("All changes saved.")).toBeVisible();
});
