import { test, expect } from "./fixtures.js";
import { closeTab, reopenTab } from "./tabs.js";
import { fillDetails, heading, heldTime, holdFirstFreeTime, startBooking } from "./flow.js";

test("a closed tab reopened with its sessionStorage resumes at the same step with the same hold", async ({
  page,
  newTab,
}) => {
  await startBooking(page, { service: "Initial assessment", provider: "Maya Chen" });
  const time = await holdFirstFreeTime(page);
  await fillDetails(page, { name: "Reopen Person", email: "reopen@example.com" });
  await expect(page.getByText("All changes saved.")).toBeVisible();
  const closed = await closeTab(page);

  const reopened = await reopenTab(await newTab(), closed);
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
