// The owner moves a customer's booking to another free time with a reason:
// the agenda shows it at the new time, the old time frees for others, and
// the customer's My bookings shows the new time and why, without a reload.
import { test, expect } from "./fixtures.js";
import {
  confirmBooking,
  fillDetails,
  holdFirstTimeShown,
  openFreeDay,
  startBooking,
  toReview,
} from "./flow.js";
import { accountLink, newEmail, signUp } from "./account.js";
import { dateOf, providerIdOf, signInAsOwner } from "./console.js";
import { seriousA11yViolations } from "./a11y.js";

const CHOICE = { service: "Initial assessment", provider: "Maya Chen" };
const REASON = "Maya starts later that day; we kept your appointment for you.";

test("the owner moves a booking to another free time with a reason, and the customer's My bookings shows the new time and why", async ({
  page: customer,
  browser,
  watchTab,
}) => {
  await customer.goto("/");
  await signUp(customer, newEmail("moved"));
  await startBooking(customer, CHOICE);
  const day = await openFreeDay(customer, 12);
  await holdFirstTimeShown(customer);
  await fillDetails(customer, { name: "Milo Moved", email: "milo@example.com" });
  await toReview(customer);
  const reference = await confirmBooking(customer);
  await accountLink(customer, "My bookings").click();
  const upcoming = customer.getByRole("list", { name: "Upcoming bookings" }).getByRole("listitem");
  await expect(upcoming.filter({ hasText: reference })).toBeVisible();

  const owner = await (await browser.newContext()).newPage();
  watchTab(owner);
  await signInAsOwner(owner);
  const mayaId = await providerIdOf(owner, "Maya Chen");
  await owner.goto(`/console/agenda?provider=${mayaId}&date=${dateOf(day)}&view=day`);
  const booking = owner.getByRole("listitem", { name: /for Milo Moved/ });
  await expect(booking).toContainText(reference);
  await booking.getByRole("button", { name: "Move booking" }).click();
  const times = booking.getByRole("group", { name: /^Free times on/ }).getByRole("radio");
  await expect(times.first()).toBeVisible();
  // The booking's own time is not offered; take the last free time of the day.
  const target = times.last();
  const newTime = (await target.locator("xpath=..").innerText()).trim();
  await target.check();
  expect(await seriousA11yViolations(owner), "the move form").toEqual([]);
  await booking.getByLabel("Reason (the customer sees it)").fill(REASON);
  await booking.getByRole("button", { name: `Move booking ${reference}` }).click();

  // The agenda shows the booking at its new time, under a new reference.
  const moved = owner.getByRole("listitem", { name: /for Milo Moved/ });
  await expect(moved).toContainText(newTime);
  await expect(moved).toContainText(`: ${REASON}`);
  await expect(moved).not.toContainText(reference);

  // The customer's open My bookings follows live: new time, and why.
  const now = upcoming.filter({ hasText: "The business moved it from" });
  await expect(now).toContainText(`Their reason: ${REASON}`);
  await expect(now).not.toContainText(reference);
});
