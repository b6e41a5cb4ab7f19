import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures.js";
import { seriousA11yViolations } from "./a11y.js";
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

const zonePicker = (page: Page) => page.getByRole("combobox", { name: "Times shown in" });

test("times are shown in the detected time zone, and changing it relabels them and is kept on reload", async ({
  page,
}) => {
  await startBooking(page, { service: "Sports massage", provider: "Sam Ortiz" });
  await expect(zonePicker(page)).toHaveValue(/^New York — GMT-[45]$/);
  const label = await holdFirstFreeTime(page);
  await expect(heldTime(page)).toContainText(label);

  await page.getByRole("link", { name: "Date & time" }).click();
  await expect(heading(page, "Choose a date and time")).toBeFocused();
  // Keyboard only: Tab to the picker, type part of a city's name, pick the match with Enter.
  await page.keyboard.press("Tab");
  await expect(zonePicker(page)).toBeFocused();
  await page.keyboard.type("toky");
  await expect(zonePicker(page)).toHaveAttribute("aria-expanded", "true");
  await expect(page.getByRole("option")).toHaveText([/^Tokyo — GMT\+9/]);
  expect(await seriousA11yViolations(page)).toEqual([]);
  await page.keyboard.press("Enter");
  await expect(zonePicker(page)).toHaveAttribute("aria-expanded", "false");
  await expect(zonePicker(page)).toHaveValue("Tokyo — GMT+9");
  // The held instant is unchanged; its label moves by the zones' difference.
  const difference = offsetHours("Asia/Tokyo") - offsetHours("America/New_York");
  await expect(heldTime(page)).toContainText(shiftLabel(label, difference));

  await page.reload();
  await expect(heading(page, "Choose a date and time")).toBeVisible();
  await expect(zonePicker(page)).toHaveValue("Tokyo — GMT+9");
  await expect(heldTime(page)).toContainText(shiftLabel(label, difference));
});

test("the zone picker moves with the arrow keys and Escape leaves the zone as it was", async ({ page }) => {
  await startBooking(page, { service: "Initial assessment", provider: "Any available" });
  await zonePicker(page).focus();
  await page.keyboard.type("america");
  const options = page.getByRole("option");
  await expect(options.first()).toBeVisible();
  expect(await options.count()).toBeGreaterThan(20);
  await page.keyboard.press("ArrowDown");
  const second = await options.nth(1).getAttribute("id");
  await expect(zonePicker(page)).toHaveAttribute("aria-activedescendant", second!);
  await page.keyboard.press("Escape");
  await expect(zonePicker(page)).toHaveAttribute("aria-expanded", "false");
  await expect(zonePicker(page)).toHaveValue(/^New York — GMT-[45]$/);
});
