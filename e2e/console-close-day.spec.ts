import { test, expect } from "./fixtures.js";
import { freeTimes, heading, holdFirstTimeShown, openFreeDay, startBooking } from "./flow.js";
import { dateOf, providerIdOf, signInAsOwner } from "./console.js";

// Maya Chen, a day well ahead that the other specs (which take her first free days) leave alone.
const CHOICE = { service: "Follow-up session", provider: "Maya Chen" };

test("an owner closes a day while customer tabs show it: its times vanish live, and a held time is let go with a message", async ({
  page: watcher,
  newTab,
  browser,
  watchTab,
}) => {
  await startBooking(watcher, CHOICE);
  const day = await openFreeDay(watcher, 9);
  const date = dateOf(day);
  // A second customer holds a time on that day.
  const holder = await newTab();
  await startBooking(holder, CHOICE);
  await holder.goto(day);
  await holdFirstTimeShown(holder);

  const owner = await (await browser.newContext()).newPage();
  watchTab(owner);
  await signInAsOwner(owner);
  const mayaId = await providerIdOf(owner, "Maya Chen");
  await owner.goto(`/console/providers/${mayaId}`);
  await expect(heading(owner, "Maya Chen")).toBeVisible();
  await owner.getByLabel("Date", { exact: true }).fill(date);
  await owner.getByRole("radio", { name: "Closed" }).check();
  await owner.getByRole("button", { name: "Close this day" }).click();
  const override = owner.getByRole("list", { name: "Upcoming date overrides" }).getByRole("listitem");
  await expect(override.filter({ hasText: "Closed" })).toHaveCount(1);

  try {
    // The watcher's open day empties without a reload.
    await expect(freeTimes(watcher)).toHaveCount(0);
    await expect(watcher.getByText("No free times on this day.")).toBeVisible();
    // The holder is told why and is back at the time step, the rest of the booking kept.
    await expect(holder.getByText("The business has just closed the time you chose")).toBeVisible();
    await expect(heading(holder, "Choose a date and time")).toBeVisible();
    await expect(holder.getByRole("region", { name: "Your held time" })).toHaveCount(0);
  } finally {
    await override.getByRole("button", { name: /Back to weekly hours/ }).click();
    await expect(override).toHaveCount(0);
  }
  // Weekly hours again: the times come back, live.
  await expect(freeTimes(watcher).first()).toBeVisible();
});
