import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures.js";
import {
  confirmBooking,
  fillDetails,
  freeTime,
  heading,
  holdFirstTimeShown,
  openFreeDay,
  startBooking,
  strangerWatching,
  toReview,
} from "./flow.js";
import { newEmail } from "./account.js";
import { seriousA11yViolations } from "./a11y.js";
import { caughtMail, manageLinkIn, waitForMail } from "./mail.js";
import { dateOf, providerIdOf, signInAsOwner } from "./console.js";

// Maya's follow-ups from her sixth free day on: no other spec books there.
const CHOICE = { service: "Follow-up session", provider: "Maya Chen" };

/** A guest books Maya's first free time on her `daySkip`+1th free day, with a new email address. */
async function guestBooks(page: Page, name: string, daySkip: number) {
  const email = newEmail(name.split(" ")[0].toLowerCase());
  await startBooking(page, CHOICE);
  const day = await openFreeDay(page, daySkip);
  const time = await holdFirstTimeShown(page);
  await fillDetails(page, { name, email });
  await toReview(page);
  const reference = await confirmBooking(page);
  return { email, day, time, reference };
}

test("a guest books, closes the tab, and cancels from the emailed link in another browser: the time frees live", async ({
  page,
  browser,
  request,
}) => {
  const { email, day, time, reference } = await guestBooks(page, "Grace Guest", 5);
  await expect(page.getByText("Your private link to view, change or cancel this booking")).toBeVisible();
  await page.close();

  const stranger = await strangerWatching(browser, CHOICE, day);
  await expect(freeTime(stranger, time)).toHaveCount(0);

  const confirmation = await waitForMail(request, email, /^Booking confirmed/);
  expect(confirmation.text).toContain(reference);
  expect(confirmation.attachments.some((a) => a.contentType.startsWith("text/calendar"))).toBe(true);

  const elsewhere = await (await browser.newContext()).newPage();
  await elsewhere.goto(manageLinkIn(confirmation));
  await expect(heading(elsewhere, "Your booking")).toBeVisible();
  await expect(elsewhere.getByText(reference)).toBeVisible();
  await elsewhere.getByRole("button", { name: "Cancel booking" }).click();
  // Asked twice: nothing happens until the second answer.
  await expect(freeTime(stranger, time)).toHaveCount(0);
  await elsewhere.getByRole("button", { name: "Yes, cancel it" }).click();
  await expect(heading(elsewhere, "This booking is cancelled")).toBeVisible();
  await expect(elsewhere.getByText("You cancelled it.")).toBeVisible();
  await expect(freeTime(stranger, time)).toHaveCount(1);

  const cancelled = await waitForMail(request, email, /^Booking cancelled/);
  expect(cancelled.text).toContain(reference);
});

test("a guest reschedules through the link; the caught emails show the change", async ({
  browser,
  request,
  page,
}) => {
  const { email, reference } = await guestBooks(page, "Moira Mover", 6);
  const confirmation = await waitForMail(request, email, /^Booking confirmed/);

  const elsewhere = await (await browser.newContext()).newPage();
  await elsewhere.goto(manageLinkIn(confirmation));
  await expect(heading(elsewhere, "Your booking")).toBeVisible();
  await elsewhere.getByRole("button", { name: "Reschedule" }).click();
  await expect(heading(elsewhere, "Choose a date and time")).toBeVisible();
  await expect(elsewhere.getByText(`Rescheduling booking ${reference}`)).toBeVisible();
  await openFreeDay(elsewhere, 7);
  await holdFirstTimeShown(elsewhere);
  // The details step is prefilled from the booking.
  await expect(elsewhere.getByLabel("Email")).toHaveValue(email);
  await toReview(elsewhere);
  await elsewhere.getByRole("button", { name: "Confirm new time" }).click();
  await expect(heading(elsewhere, "You're booked")).toBeVisible();
  const newReference = await elsewhere.locator(".reference strong").textContent();

  const moved = await waitForMail(request, email, /^Booking moved/);
  expect(moved.text).toContain(`your booking is now ${newReference}`);
  expect(moved.text).toMatch(/It replaces .*, which is now free\./);
  // The first email's link now opens the new booking.
  const again = await (await browser.newContext()).newPage();
  await again.goto(manageLinkIn(confirmation));
  await expect(again.getByText(newReference!)).toBeVisible();
  expect((await caughtMail(request, email)).map((m) => m.subject.split(":")[0]).sort()).toEqual([
    "Booking confirmed",
    "Booking moved",
  ]);
});

test("a tab that opens its manage link itself (keeping its session) reschedules straight to the time step", async ({
  page,
  request,
}) => {
  const { email, reference } = await guestBooks(page, "Rhea Reopen", 14);
  const link = manageLinkIn(await waitForMail(request, email, /^Booking confirmed/));
  // A full page load: index.html fetches this tab's draft (none now) for the first page's guard.
  await page.clock.install();
  await page.goto(link);
  await expect(heading(page, "Your booking")).toBeVisible();
  // The startup subscription to the draft lapses (5 s); the manage page reads no draft itself.
  await page.clock.fastForward(6_000);
  await page.getByRole("button", { name: "Reschedule" }).click();
  await expect(heading(page, "Choose a date and time")).toBeVisible();
  await expect(page.getByText(`Rescheduling booking ${reference}`)).toBeVisible();
});

test("a tampered or malformed link gets the same clear page", async ({ page, request }) => {
  const { email } = await guestBooks(page, "Terry Tamper", 8);
  const link = manageLinkIn(await waitForMail(request, email, /^Booking confirmed/));
  const flipped = link.slice(0, -1) + (link.endsWith("A") ? "B" : "A");
  for (const wrong of [flipped, link.slice(0, -5), `${new URL(link).origin}/manage/not-a-token`]) {
    await page.goto(wrong);
    await expect(heading(page, "This link doesn't work")).toBeVisible();
    await expect(page.getByText("Use the link in the most recent email about your booking.")).toBeVisible();
  }
  expect(await seriousA11yViolations(page)).toEqual([]);
});

test("a link the business revoked gets the same clear page, and the new emailed link works", async ({
  page,
  browser,
  request,
  watchTab,
}) => {
  const { email, day, reference } = await guestBooks(page, "Rita Revoked", 10);
  const oldLink = manageLinkIn(await waitForMail(request, email, /^Booking confirmed/));

  const owner = await (await browser.newContext()).newPage();
  watchTab(owner);
  await signInAsOwner(owner);
  const mayaId = await providerIdOf(owner, "Maya Chen");
  await owner.goto(`/console/agenda?provider=${mayaId}&date=${dateOf(day)}&view=day`);
  const booking = owner.getByRole("listitem").filter({ hasText: reference });
  await booking.getByRole("button", { name: "Send a new manage link" }).click();
  await expect(owner.getByText(`The old links to booking ${reference} no longer work`)).toBeVisible();

  const elsewhere = await (await browser.newContext()).newPage();
  await elsewhere.goto(oldLink);
  await expect(heading(elsewhere, "This link doesn't work")).toBeVisible();
  const renewed = await waitForMail(request, email, /^A new link for your booking/);
  await elsewhere.goto(manageLinkIn(renewed));
  await expect(heading(elsewhere, "Your booking")).toBeVisible();
  await expect(elsewhere.getByText(reference)).toBeVisible();
});

test("the manage page and the caught-mail page have no serious or critical axe violations", async ({
  page,
  request,
}) => {
  const { email } = await guestBooks(page, "Axel Axe", 9);
  expect(await seriousA11yViolations(page)).toEqual([]);
  const link = manageLinkIn(await waitForMail(request, email, /^Booking confirmed/));
  await page.goto(link);
  await expect(heading(page, "Your booking")).toBeVisible();
  expect(await seriousA11yViolations(page)).toEqual([]);
  await page.getByRole("button", { name: "Cancel booking" }).click();
  await expect(page.getByRole("button", { name: "Yes, cancel it" })).toBeVisible();
  expect(await seriousA11yViolations(page)).toEqual([]);
  await page.getByRole("button", { name: "Yes, cancel it" }).click();
  await expect(heading(page, "This booking is cancelled")).toBeVisible();
  expect(await seriousA11yViolations(page)).toEqual([]);

  await page.goto("/dev/mail");
  await expect(page.getByRole("heading", { level: 1, name: "Caught mail" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: /^Booking confirmed/ }).first()).toBeVisible();
  expect(await seriousA11yViolations(page)).toEqual([]);
});
