import { test, expect } from "./fixtures.js";
import { freeTime, freeTimes, heading, holdFirstTimeShown, openFreeDay, startBooking } from "./flow.js";

test("a time held in tab A disappears from tab B without a reload, and comes back when A lets it go", async ({
  page: tabA,
  newTab,
}) => {
  const tabB = await newTab();
  // Aiko Tanaka is booked by no other spec running alongside, so only A changes her times.
  const choice = { service: "Follow-up session", provider: "Aiko Tanaka" };
  await startBooking(tabA, choice);
  await startBooking(tabB, choice);
  const day = await openFreeDay(tabA);
  await tabB.goto(day);
  await expect(freeTimes(tabB).first()).toBeVisible();

  const time = await holdFirstTimeShown(tabA);
  const sameTimeInB = freeTime(tabB, time);
  await expect(sameTimeInB).toHaveCount(0);

  // Going back before the time step releases the hold; B sees it again.
  await tabA.getByRole("link", { name: "Provider" }).click();
  await expect(heading(tabA, "Who would you like to see?")).toBeVisible();
  await expect(sameTimeInB).toHaveCount(1);
});
