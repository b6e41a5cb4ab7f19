import { test, expect } from "./fixtures.js";
import { tabTo } from "./keyboard.js";
import { freeTimes, heading, openDays } from "./flow.js";

test("a whole booking can be made with the keyboard alone, and focus lands on each step's heading", async ({
  page,
}) => {
  await page.goto("/");
  await expect(heading(page, "Choose a service")).toBeFocused();
  await tabTo(page, page.getByRole("radio").first());
  // Space picks the focused radio; arrow keys move within the group.
  await page.keyboard.press("Space");
  const followUp = page.getByRole("radio", { name: "Follow-up session" });
  for (let i = 0; i < 5 && !(await followUp.isChecked()); i++) await page.keyboard.press("ArrowDown");
  await expect(followUp).toBeChecked();
  await tabTo(page, page.getByRole("button", { name: "Continue" }));
  await page.keyboard.press("Enter");

  await expect(heading(page, "Who would you like to see?")).toBeFocused();
  await expect(page).toHaveTitle("Who would you like to see? – tabbook");
  await tabTo(page, page.getByRole("radio", { name: "Any available" }));
  const sam = page.getByRole("radio", { name: "Sam Ortiz" });
  for (let i = 0; i < 5 && !(await sam.isChecked()); i++) await page.keyboard.press("ArrowDown");
  await expect(sam).toBeChecked();
  await tabTo(page, page.getByRole("button", { name: "Continue" }));
  await page.keyboard.press("Enter");

  await expect(heading(page, "Choose a date and time")).toBeFocused();
  // The second day with free times (the first day's earliest times can run into the minimum notice).
  await expect(page.getByRole("table")).toHaveAttribute("aria-busy", "false");
  if ((await openDays(page).count()) < 2) {
    await tabTo(page, page.getByRole("button", { name: "Next month" }));
    await page.keyboard.press("Enter");
    await expect(page.getByRole("table")).toHaveAttribute("aria-busy", "false");
  }
  const day = openDays(page).nth((await openDays(page).count()) > 1 ? 1 : 0);
  await tabTo(page, day);
  await page.keyboard.press("Enter");
  await expect(day).toHaveAttribute("aria-pressed", "true");
  await tabTo(page, freeTimes(page).first());
  await page.keyboard.press("Enter");

  await expect(heading(page, "Your details")).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Full name")).toBeFocused();
  await page.keyboard.type("Kay Board");
  await page.keyboard.press("Tab");
  await page.keyboard.type("kay@example.com");
  await page.keyboard.press("Enter");

  await expect(heading(page, "Review and confirm")).toBeFocused();
  await tabTo(page, page.getByRole("button", { name: "Confirm booking" }));
  await page.keyboard.press("Enter");
  await expect(heading(page, "You're booked")).toBeFocused();
  await expect(page.getByText("Kay Board")).toBeVisible();
});
