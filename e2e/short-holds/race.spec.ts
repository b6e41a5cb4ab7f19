import { test, expect } from "../fixtures.js";
import {
  fillDetails,
  freeTime,
  freeTimes,
  heldTime,
  heading,
  holdFirstFreeTime,
  holdFirstTimeShown,
  openFreeDay,
  startBooking,
  toReview,
} from "../flow.js";

const choice = { service: "Sports massage", provider: "Aiko Tanaka" };

test("two tabs racing to confirm one time: exactly one booking; the other keeps its details", async ({
  page: tabA,
  newTab,
}) => {
  const tabB = await newTab();
  const lapsed = (tab: typeof tabA) => tab.getByText(/Your hold on .* has ended/);

  await startBooking(tabA, choice);
  const day = await openFreeDay(tabA);
  const time = await holdFirstTimeShown(tabA);
  const racedSlot = (await heldTime(tabA).textContent())!;
  await fillDetails(tabA, { name: "Racer A", email: "a@example.com" });
  await toReview(tabA);
  await expect(lapsed(tabA)).toBeVisible({ timeout: 15_000 });

  // With A's hold lapsed, the same time is free again for B.
  await startBooking(tabB, choice);
  await tabB.goto(day);
  await holdFirstTimeShown(tabB);
  await expect(heldTime(tabB)).toHaveText(racedSlot);
  await fillDetails(tabB, { name: "Racer B", email: "b@example.com" });
  await toReview(tabB);
  await expect(lapsed(tabB)).toBeVisible({ timeout: 15_000 });

  // Both still show the same time on review; both confirm at once.
  await Promise.all([
    tabA.getByRole("button", { name: "Confirm booking" }).click(),
    tabB.getByRole("button", { name: "Confirm booking" }).click(),
  ]);
  const outcome = async (tab: typeof tabA) => {
    await expect(heading(tab, "You're booked").or(heading(tab, "Choose a date and time"))).toBeVisible();
    return (await heading(tab, "You're booked").isVisible()) ? "booked" : "taken";
  };
  const outcomes = [await outcome(tabA), await outcome(tabB)];
  expect([...outcomes].sort()).toEqual(["booked", "taken"]);

  const loser = outcomes[0] === "taken" ? tabA : tabB;
  const loserName = loser === tabA ? "Racer A" : "Racer B";
  await expect(loser.getByText("That time was just taken.", { exact: false })).toBeVisible();
  // The time is gone from that day for everyone, and the loser's details are kept.
  await loser.goto(day);
  await expect(freeTimes(loser).first().or(loser.getByText("No free times on this day."))).toBeVisible();
  await expect(freeTime(loser, time)).toHaveCount(0);
  await holdFirstFreeTime(loser);
  await expect(loser.getByLabel("Full name")).toHaveValue(loserName);
});
