import { test, expect } from "../fixtures.js";
import { heading, heldTime, holdFirstFreeTime, startBooking } from "../flow.js";

test("a hold warns before it ends, one click extends it, and a lapsed hold can be taken again", async ({
  page,
}) => {
  await startBooking(page, { service: "Follow-up session", provider: "Maya Chen" });
  const time = await holdFirstFreeTime(page);
  const timer = page.getByRole("timer", { name: "Time left on your hold" });
  const warning = page.getByRole("alert").filter({ hasText: "Your hold ends soon" });
  const keep = page.getByRole("button", { name: "Keep this time longer" });

  // The deployment holds for 5 s, inside the warning window: the warning shows at once.
  await expect(warning).toBeVisible();
  // Extending three times keeps the hold for longer than one hold lasts.
  const started = Date.now();
  for (let i = 0; i < 3; i++) {
    await expect(timer).toHaveText("0:02", { timeout: 10_000 });
    await keep.click();
    await expect(timer).toHaveText(/0:0[45]/);
  }
  expect(Date.now() - started).toBeGreaterThan(5_000);
  await expect(heldTime(page)).toContainText(time);

  // Left alone, it lapses; the tab says so and offers to hold it again.
  const lapsed = page.getByText(/Your hold on .* has ended/);
  await expect(lapsed).toBeVisible({ timeout: 15_000 });
  await page.getByRole("button", { name: "Hold it again" }).click();
  await expect(heldTime(page)).toContainText(time);
  await expect(heading(page, "Your details")).toBeVisible();
});
