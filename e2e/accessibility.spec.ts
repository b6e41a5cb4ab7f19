import { test, expect } from "./fixtures.js";
import { seriousA11yViolations } from "./a11y.js";
import {
  chooseProvider,
  chooseService,
  confirmBooking,
  fillDetails,
  heading,
  holdFirstFreeTime,
  toReview,
} from "./flow.js";

test("every step, its errors and the confirmation have no serious or critical axe violations", async ({
  page,
}) => {
  // Eight full axe runs on a shared two-core machine.
  test.setTimeout(60_000);
  await page.goto("/");
  await expect(heading(page, "Choose a service")).toBeVisible();
  expect(await seriousA11yViolations(page)).toEqual([]);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByText("Choose a service to continue.")).toBeVisible();
  expect(await seriousA11yViolations(page)).toEqual([]);

  await chooseService(page, "Initial assessment");
  await expect(heading(page, "Who would you like to see?")).toBeVisible();
  expect(await seriousA11yViolations(page)).toEqual([]);

  await chooseProvider(page, "Sam Ortiz");
  await expect(
    page.getByRole("group", { name: "Free times" }).or(page.getByText("No free times on this day.")),
  ).toBeVisible();
  expect(await seriousA11yViolations(page)).toEqual([]);

  await holdFirstFreeTime(page);
  expect(await seriousA11yViolations(page)).toEqual([]);
  await fillDetails(page, { name: "", email: "not-an-email" });
  await page.getByRole("button", { name: "Review booking" }).click();
  await expect(page.getByText("Enter an email address like name@example.com.")).toBeVisible();
  await expect(page.getByText("Enter your name.")).toBeVisible();
  expect(await seriousA11yViolations(page)).toEqual([]);

  await fillDetails(page, { name: "Axe Tester", email: "axe@example.com" });
  await toReview(page);
  expect(await seriousA11yViolations(page)).toEqual([]);

  await confirmBooking(page);
  expect(await seriousA11yViolations(page)).toEqual([]);
});
