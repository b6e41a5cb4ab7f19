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
import { accountLink, newEmail, signUp } from "./account.js";
import { dateOf, providerIdOf, signInAsOwner } from "./console.js";

const CHOICE = { service: "Initial assessment", provider: "Maya Chen" };
const REASON = "Maya is unwell that day; please book another time.";

test("a booking reaches the open agenda live; the owner cancels it with a reason: the time frees for a stranger at once, and the customer sees why", async ({
  page: customer,
  browser,
  watchTab,
}) => {
  await customer.goto("/");
  await signUp(customer, newEmail("cancelled"));
  await startBooking(customer, CHOICE);
  const day = await openFreeDay(customer, 11);

  // The owner watches Maya's day in the agenda while the customer books it.
  const owner = await (await browser.newContext()).newPage();
  watchTab(owner);
  await signInAsOwner(owner);
  const mayaId = await providerIdOf(owner, "Maya Chen");
  await owner.goto(`/console/agenda?provider=${mayaId}&date=${dateOf(day)}&view=day`);
  await expect(owner.getByText("Times in Maya Chen's zone")).toBeVisible();
  const beingBooked = owner.getByRole("listitem").filter({ hasText: "Being booked" });
  const before = await beingBooked.count();

  const time = await holdFirstTimeShown(customer);
  // A time held in a tab shows up live as "Being booked", with no one's details.
  await expect(beingBooked).toHaveCount(before + 1);
  await fillDetails(customer, { name: "Cora Cancelled", email: "cora@example.com" });
  await toReview(customer);
  const reference = await confirmBooking(customer);

  const stranger = await strangerWatching(browser, CHOICE, day);
  watchTab(stranger);
  await expect(freeTime(stranger, time)).toHaveCount(0);

  // The booking appears in the open agenda without a reload, with the customer's details.
  const booking = owner.getByRole("listitem", { name: /for Cora Cancelled/ });
  await expect(booking).toContainText(reference);
  await expect(booking).toContainText("cora@example.com");
  await expect(beingBooked).toHaveCount(before);
  await booking.getByRole("button", { name: "Cancel booking" }).click();
  await booking.getByLabel("Reason (the customer sees it)").fill(REASON);
  await booking.getByRole("button", { name: `Cancel booking ${reference}` }).click();
  await expect(booking).toContainText(`Cancelled by the business: ${REASON}`);

  // The stranger's open day offers the time again without a reload.
  await expect(freeTime(stranger, time)).toHaveCount(1);
  // The customer's booking page and My bookings say who cancelled, and why.
  await expect(heading(customer, "This booking was cancelled")).toBeVisible();
  await expect(customer.getByText(`Cancelled by the business. Reason: ${REASON}`)).toBeVisible();
  await accountLink(customer, "My bookings").click();
  const item = customer.getByRole("list", { name: "Past and cancelled bookings" }).getByRole("listitem");
  await expect(item.filter({ hasText: reference })).toContainText("Cancelled by the business");
  await expect(item.filter({ hasText: reference })).toContainText(`Reason: ${REASON}`);
});
