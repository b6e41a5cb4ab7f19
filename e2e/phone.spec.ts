// The flow on a 390 px phone: one style for every text control, finished
// steps one tap away, a time list that fits a screen or two, Change links
// named for what they change, and a cut paste that is announced.
import type { Locator, Page } from "@playwright/test";
import { test, expect } from "./fixtures.js";
import { seriousA11yViolations } from "./a11y.js";
import { freeTimes, heading, holdFirstTimeShown, openFreeDay, startBooking, toReview } from "./flow.js";

const PHONE = { width: 390, height: 844 };
test.use({ viewport: PHONE, timezoneId: "Europe/London" });

async function looks(control: Locator) {
  const box = (await control.boundingBox())!;
  const style = await control.evaluate((el) => {
    const s = getComputedStyle(el);
    return {
      border: s.borderTopWidth + s.borderTopStyle,
      radius: s.borderTopLeftRadius,
      padding: s.paddingLeft,
    };
  });
  return { height: Math.round(box.height), width: Math.round(box.width), ...style };
}

const gapBetween = async (above: Locator, below: Locator) =>
  (await below.boundingBox())!.y - ((await above.boundingBox())!.y + (await above.boundingBox())!.height);

test("the sign-in form's password box looks like its email box, with room between the fields", async ({
  page,
}) => {
  await page.goto("/signin");
  await expect(heading(page, "Sign in")).toBeVisible();
  const email = page.getByLabel("Email");
  const password = page.getByLabel("Password");
  expect(await looks(password)).toEqual(await looks(email));
  expect((await looks(password)).height).toBeGreaterThanOrEqual(40);
  expect(await gapBetween(email, page.getByText("Password", { exact: true }))).toBeGreaterThanOrEqual(12);
  expect(await seriousA11yViolations(page)).toEqual([]);
});

async function pasteInto(page: Page, field: Locator, text: string) {
  await field.click();
  await page.evaluate((value) => navigator.clipboard.writeText(value), text);
  await page.keyboard.press("ControlOrMeta+V");
}

test("on a phone: finished steps are links, the times fit, Change links say what they change, a cut paste is announced", async ({
  page,
  context,
}) => {
  test.setTimeout(60_000);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await startBooking(page, { service: "Follow-up session", provider: "Any available" });
  const progress = page.getByRole("navigation", { name: "Booking progress" });
  await expect(progress.getByRole("link", { name: "Service" })).toBeVisible();
  await expect(progress.getByRole("link", { name: "Provider" })).toBeVisible();

  await openFreeDay(page);
  // Every time on one grid of equal buttons, and the whole day within two screens.
  const widths = new Set(
    await freeTimes(page).evaluateAll((buttons) =>
      buttons.map((b) => Math.round(b.getBoundingClientRect().width)),
    ),
  );
  expect(widths.size).toBe(1);
  const times = page.getByRole("group", { name: "Free times" });
  expect((await times.boundingBox())!.height).toBeLessThanOrEqual(2 * PHONE.height);
  expect(await seriousA11yViolations(page)).toEqual([]);

  await holdFirstTimeShown(page);
  const name = page.getByLabel("Full name");
  await pasteInto(page, name, "x".repeat(5000));
  await expect(page.getByRole("alert")).toHaveText(
    "Full name can be at most 100 characters, so what you pasted was cut: 4,900 characters were left out.",
  );
  await expect(name).toHaveValue("x".repeat(100));
  await expect(name).toHaveAccessibleDescription(/4,900 characters were left out/);
  expect(await seriousA11yViolations(page)).toEqual([]);
  await name.fill("Pat Phone");
  await expect(page.getByRole("alert")).toHaveCount(0);
  await page.getByLabel("Email").fill("pat@example.com");

  await toReview(page);
  for (const what of ["service", "provider", "time", "name", "email", "phone", "notes"]) {
    await expect(page.getByRole("link", { name: `Change ${what}`, exact: true })).toBeVisible();
  }
  await expect(page.getByRole("link", { name: /^Change (with|when)$/ })).toHaveCount(0);
  expect(await seriousA11yViolations(page)).toEqual([]);

  // Back to a finished step from the phone's progress list.
  await progress.getByRole("link", { name: "Provider" }).click();
  await expect(heading(page, "Who would you like to see?")).toBeVisible();
});
