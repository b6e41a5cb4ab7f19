import { test, expect } from "./fixtures.js";
import { heading, heldTime, holdFirstFreeTime, startBooking } from "./flow.js";

test.use({ timezoneId: "America/New_York" });

/** A zone's whole-hour UTC offset now, e.g. -5 for New York in winter. */
function offsetHours(timeZone: string): number {
  const name = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "shortOffset" })
    .formatToParts(Date.now())
    .find((part) => part.type === "timeZoneName")!.value;
  return Number(name.replace("GMT", "") || 0);
}

/** "10:00 AM" moved on by `hours` on a 12-hour clock. */
function shiftLabel(label: string, hours: number): string {
  const [, h, m, ampm] = /(\d+):(\d\d) ([AP]M)$/.exec(label)!;
  const hour24 = (Number(h) % 12) + (ampm === "PM" ? 12 : 0);
  const shifted = (((hour24 + hours) % 24) + 24) % 24;
  return `${shifted % 12 === 0 ? 12 : shifted % 12}:${m} ${shifted < 12 ? "AM" : "PM"}`;
}

test("times are shown in the detected time zone, and changing it relabels them and is kept on reload", async ({
  page,
}) => {
  await startBooking(page, { service: "Sports massage", provider: "Sam Ortiz" });
  await expect(page.getByLabel("Times shown in")).toHaveValue("America/New_York");
  const label = await holdFirstFreeTime(page);
  await expect(heldTime(page)).toContainText(label);

  await page.getByRole("link", { name: "Date & time" }).click();
  await expect(heading(page, "Choose a date and time")).toBeVisible();
  await page.getByLabel("Times shown in").selectOption("Asia/Tokyo");
  // The held instant is unchanged; its label moves by the zones' difference.
  const difference = offsetHours("Asia/Tokyo") - offsetHours("America/New_York");
  await expect(heldTime(page)).toContainText(shiftLabel(label, difference));

  await page.reload();
  await expect(heading(page, "Choose a date and time")).toBeVisible();
  await expect(page.getByLabel("Times shown in")).toHaveValue("Asia/Tokyo");
  await expect(heldTime(page)).toContainText(shiftLabel(label, difference));
});
