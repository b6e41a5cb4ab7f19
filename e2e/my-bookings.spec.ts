import { test, expect } from "./fixtures.js";
import {
  chooseService,
  confirmBooking,
  fillDetails,
  freeTime,
  strangerWatching,
  heading,
  holdFirstTimeShown,
  openFreeDay,
  startBooking,
  toReview,
} from "./flow.js";
import { accountLink, newEmail, signUp } from "./account.js";
import { seriousA11yViolations } from "./a11y.js";

// Aiko's fourth free day: no other spec books there, so only this test changes it.
const CHOICE = { service: "Follow-up session", provider: "Aiko Tanaka" };
const DAY_SKIP = 3;

test("My bookings: cancelling frees the time for everyone at once; rescheduling keeps the old time until confirmed", async ({
  page,
  browser,
}) => {
  await page.goto("/");
  await signUp(page, newEmail("mine"));
  await startBooking(page, CHOICE);
  const day = await openFreeDay(page, DAY_SKIP);
  const time = await holdFirstTimeShown(page);
  await fillDetails(page, { name: "Mine Person", email: "mine@example.com" });
  await toReview(page);
  const reference = await confirmBooking(page);

  // Someone else, in another browser, looking at the same day.
  const stranger = await strangerWatching(browser, CHOICE, day);
  const timeForStranger = freeTime(stranger, time);
  await expect(timeForStranger).toHaveCount(0);

  // Start another booking in this tab, so rescheduling here would replace it.
  await page.goto("/");
  await chooseService(page, "Initial assessment");

  await accountLink(page, "My bookings").click();
  await expect(heading(page, "My bookings")).toBeVisible();
  const upcoming = page.getByRole("list", { name: "Upcoming bookings" });
  const item = upcoming.getByRole("listitem").filter({ hasText: reference });
  await expect(item).toBeVisible();
  expect(await seriousA11yViolations(page)).toEqual([]);

  // Reschedule: the old time stays booked until the new one is confirmed.
  await item.getByRole("button", { name: "Reschedule" }).click();
  await expect(item.getByText("This tab has another booking in progress.")).toBeVisible();
  await item.getByRole("button", { name: "Reschedule anyway" }).click();
  await expect(heading(page, "Choose a date and time")).toBeVisible();
  await expect(page.getByText(`Rescheduling booking ${reference}`)).toBeVisible();
  await expect(timeForStranger).toHaveCount(0);
  await page.goto(day);
  const newTime = await holdFirstTimeShown(page);
  await expect(page.getByLabel("Full name")).toHaveValue("Mine Person");
  await toReview(page);
  await page.getByRole("button", { name: "Confirm new time" }).click();
  await expect(heading(page, "You're booked")).toBeVisible();
  const newReference = (await page.locator(".reference strong").textContent())!;
  await expect(timeForStranger).toHaveCount(1);
  const newTimeForStranger = freeTime(stranger, newTime);
  await expect(newTimeForStranger).toHaveCount(0);

  // Cancel the new booking: the stranger's list gets the time back without a reload.
  await accountLink(page, "My bookings").click();
  const moved = page.getByRole("list", { name: "Past and cancelled bookings" }).getByRole("listitem");
  await expect(moved.filter({ hasText: `Reference ${reference}` })).toContainText(`Moved to ${newReference}`);
  const current = upcoming.getByRole("listitem").filter({ hasText: newReference });
  await current.getByRole("button", { name: "Cancel booking" }).click();
  expect(await seriousA11yViolations(page)).toEqual([]);
  await current.getByRole("button", { name: "Yes, cancel it" }).click();
  await expect(page.getByText(`Booking ${newReference} is cancelled.`)).toBeVisible();
  await expect(newTimeForStranger).toHaveCount(1);
  await expect(moved.filter({ hasText: `Reference ${newReference}` })).toContainText("Cancelled");
  await stranger.context().close();
});
