import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { test, expect } from "../fixtures.js";
import {
  fillDetails,
  freeTime,
  heading,
  holdFirstTimeShown,
  openFreeDay,
  startBooking,
  strangerWatching,
  toReview,
} from "../flow.js";
import { ensureOwner } from "../console.js";
import { waitForMail } from "../mail.js";
import { seriousA11yViolations } from "../a11y.js";

// Booker email verification on this server, whose pending bookings wait
// TABBOOK_VERIFY_SECONDS = 30 s for their link (15 minutes by default): its
// scheduled expiry lets the time go while the test watches, no sleeping.
// This server's backend is wiped per run and has no owner yet: the spec makes one.
const CHOICE = { service: "Initial assessment", provider: "Maya Chen" };
const OWNER_INVITE = ".local-backend/e2e-short-lifecycle/owner-invite.txt";
const CONFIRM_SUBJECT = /^Confirm your booking: Initial assessment/;

async function ownerTurnsVerificationOn(owner: Page): Promise<void> {
  // Not watched for console errors: on a fresh deployment the first sign-in is refused (no account yet).
  await ensureOwner(owner, () => readFileSync(OWNER_INVITE, "utf8").trim());
  await owner.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Settings" }).click();
  await expect(heading(owner, "Settings")).toBeVisible();
  const box = owner.getByLabel("Guests confirm their email before a booking counts");
  // A retry on the same deployment finds it on already.
  if (!(await box.isChecked())) {
    await box.check();
    await expect(owner.getByText("Guests now confirm their email to book.")).toBeVisible();
  }
  await expect(box).toBeChecked();
  expect(await seriousA11yViolations(owner)).toEqual([]);
}

/** A guest books Maya's first free time; returns the day's URL and the time's label. */
async function guestBooks(page: Page, email: string) {
  await startBooking(page, CHOICE);
  const dayUrl = await openFreeDay(page);
  const time = await holdFirstTimeShown(page);
  await fillDetails(page, { name: "Vera Verify", email });
  await toReview(page);
  await page.getByRole("button", { name: "Confirm booking" }).click();
  await expect(heading(page, "Check your email")).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();
  return { time, dayUrl };
}

test("with verification on, a guest's booking waits for the emailed link: clicked, it is confirmed; unclicked, its time is let go", async ({
  page,
  browser,
  watchTab,
}) => {
  test.setTimeout(150_000);
  const owner = await (await browser.newContext()).newPage();
  await ownerTurnsVerificationOn(owner);

  // Clicked in time: the link's page confirms it, and the booking tab turns into the confirmation.
  const clicker = `vera-${Date.now()}@example.com`;
  const first = await guestBooks(page, clicker);
  expect(await seriousA11yViolations(page)).toEqual([]);
  const stranger = await strangerWatching(browser, CHOICE, first.dayUrl);
  await expect(freeTime(stranger, first.time)).toHaveCount(0);
  const mail = await waitForMail(page.request, clicker, CONFIRM_SUBJECT);
  const link = mail.links.find((l) => /\/verify\/[A-Za-z0-9_-]{43}$/.test(l));
  expect(link, `a confirm link in ${JSON.stringify(mail.links)}`).toBeDefined();
  const inbox = await page.context().newPage();
  watchTab(inbox);
  await inbox.goto(link!);
  await expect(heading(inbox, "Your booking is confirmed")).toBeVisible();
  expect(await seriousA11yViolations(inbox)).toEqual([]);
  await expect(heading(page, "You're booked")).toBeVisible();
  await waitForMail(page.request, clicker, /^Booking confirmed: Initial assessment/);
  // The link works once.
  await inbox.reload();
  await expect(heading(inbox, "This link doesn't work")).toBeVisible();

  // Not clicked: the scheduled deadline lets the time go, and the tab and a stranger see it.
  // (Strangers look afresh: this server's idle drafts expire after 12 s.)
  const idler = `ida-${Date.now()}@example.com`;
  const second = await (await browser.newContext()).newPage();
  watchTab(second);
  const late = await guestBooks(second, idler);
  const before = await strangerWatching(browser, CHOICE, late.dayUrl);
  await expect(freeTime(before, late.time)).toHaveCount(0);
  await expect(heading(second, "This booking wasn't confirmed in time")).toBeVisible({ timeout: 60_000 });
  expect(await seriousA11yViolations(second)).toEqual([]);
  const after = await strangerWatching(browser, CHOICE, late.dayUrl);
  await expect(freeTime(after, late.time)).toHaveCount(1);
  const lateMail = await waitForMail(second.request, idler, CONFIRM_SUBJECT);
  await second.goto(lateMail.links.find((l) => l.includes("/verify/"))!);
  await expect(heading(second, "This booking wasn't confirmed in time")).toBeVisible();
});
