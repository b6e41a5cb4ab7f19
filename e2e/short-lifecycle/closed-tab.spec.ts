import { test, expect } from "../fixtures.js";
import { closeTab, reopenTab } from "../tabs.js";
import { freeTime, freeTimes, heldTime, holdFirstTimeShown, openFreeDay, startBooking } from "../flow.js";

// This server releases a silent tab's hold after TABBOOK_HEARTBEAT_TIMEOUT_SECONDS = 3 s.
const CHOICE = { service: "Initial assessment", provider: "Sam Ortiz" };

test("a closed tab's hold is released after the heartbeat timeout, and reopening the tab takes it again", async ({
  page,
  newTab,
}) => {
  const watcher = await newTab();
  await startBooking(page, CHOICE);
  const day = await openFreeDay(page);
  await startBooking(watcher, CHOICE);
  await watcher.goto(day);
  await expect(freeTimes(watcher).first()).toBeVisible();

  const time = await holdFirstTimeShown(page);
  const timeForWatcher = freeTime(watcher, time);
  await expect(timeForWatcher).toHaveCount(0);
  const closed = await closeTab(page);

  // Well inside the hold's own 10 minutes, the closed tab stops blocking the time.
  await expect(timeForWatcher).toHaveCount(1, { timeout: 15_000 });

  const reopened = await reopenTab(await newTab(), closed);
  await expect(reopened.getByText("the time you had chosen is held for you again")).toBeVisible();
  await expect(heldTime(reopened)).toContainText(time);
  await expect(timeForWatcher).toHaveCount(0);
});
