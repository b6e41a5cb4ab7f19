import { test, expect } from "./fixtures.js";
import { freeTimes, heading, heldTime, holdFirstFreeTime, startBooking } from "./flow.js";

test("a deep link to a later step lands on the first unfinished one", async ({ page }) => {
  await page.goto("/book/review");
  await expect(heading(page, "Choose a service")).toBeVisible();
  expect(new URL(page.url()).pathname).toBe("/book/service");

  await startBooking(page, { service: "Initial assessment", provider: "Any available" });
  await page.goto("/book/details");
  await expect(heading(page, "Choose a date and time")).toBeVisible();
  expect(new URL(page.url()).pathname).toBe("/book/time");
});

test("browser back and forward move between steps; going back before the time gives it up", async ({
  page,
}) => {
  await startBooking(page, { service: "Initial assessment", provider: "Any available" });
  const time = await holdFirstFreeTime(page);
  await expect(heldTime(page)).toContainText(time);

  // Back to the time step: the hold stays, shown as this tab's choice.
  await page.goBack();
  await expect(heading(page, "Choose a date and time")).toBeVisible();
  await expect(freeTimes(page).filter({ hasText: time })).toHaveAttribute("aria-pressed", "true");
  await expect(heldTime(page)).toContainText(time);
  await page.goForward();
  await expect(heading(page, "Your details")).toBeVisible();

  // Back past the time step: the hold is released and the time is no longer chosen.
  await page.goBack();
  await page.goBack();
  await expect(heading(page, "Who would you like to see?")).toBeVisible();
  await expect(page.getByRole("region", { name: "Your held time" })).toHaveCount(0);
  await page.goForward();
  await expect(heading(page, "Choose a date and time")).toBeVisible();
  await page.goForward();
  // The details step needs a time again, so the guard keeps the tab on the time step.
  await expect(heading(page, "Choose a date and time")).toBeVisible();
});

test("a tab whose stored session ID was tampered with gets a fresh one instead of an error", async ({
  page,
}) => {
  await page.addInitScript(() => {
    if (!sessionStorage.getItem("tampered")) {
      sessionStorage.setItem("tampered", "yes");
      sessionStorage.setItem("tabbook.sessionId", "not-a-uuid");
    }
  });
  await page.goto("/");
  await expect(heading(page, "Choose a service")).toBeVisible();
  const stored = await page.evaluate(() => sessionStorage.getItem("tabbook.sessionId"));
  expect(stored).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});
