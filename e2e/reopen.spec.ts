import { test, expect } from "./fixtures.js";
import { fillDetails, heading, heldTime, holdFirstFreeTime, startBooking } from "./flow.js";

test("a closed tab reopened with its sessionStorage resumes at the same step with the same hold", async ({
  page,
  newTab,
}) => {
  await startBooking(page, { service: "Initial assessment", provider: "Maya Chen" });
  const time = await holdFirstFreeTime(page);
  await fillDetails(page, { name: "Reopen Person", email: "reopen@example.com" });
  await expect(page.getByText("All changes saved.")).toBeVisible();
  const url = page.url();
  const storage = await page.evaluate(() => JSON.stringify(sessionStorage));
  await page.close();

  // A browser restores a closed tab's URL and sessionStorage; emulate that.
  const reopened = await newTab();
  await reopened.addInitScript((entries: string) => {
    for (const [key, value] of Object.entries(JSON.parse(entries) as Record<string, string>)) {
      sessionStorage.setItem(key, value);
    }
  }, storage);
  await reopened.goto(url);
  await expect(heading(reopened, "Your details")).toBeVisible();
  await expect(reopened.getByLabel("Full name")).toHaveValue("Reopen Person");
  await expect(heldTime(reopened)).toContainText(time);

  // Opening "/" in that tab resumes where it was, too.
  await reopened.goto("/");
  await expect(heading(reopened, "Your details")).toBeVisible();

  // A brand-new tab has a fresh session: no draft, no hold.
  const fresh = await newTab();
  await fresh.goto("/");
  await expect(heading(fresh, "Choose a service")).toBeVisible();
  await expect(fresh.getByRole("region", { name: "Your held time" })).toHaveCount(0);
});
