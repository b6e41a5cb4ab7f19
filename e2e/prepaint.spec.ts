// The details step painted from the server's answer before the app's code has
// run (index.html's prepaint), and the live page taking over from it: what the
// person typed into the painted form, and where their caret was, carry over
// and are saved. The app's code is held back on the network so the painted
// page can be used on its own first.
import type { Page, Route } from "@playwright/test";
import { test, expect } from "./fixtures.js";
import { fillDetails, heading, holdFirstFreeTime, startBooking } from "./flow.js";
import { seriousA11yViolations } from "./a11y.js";

const ENTRY = /\/src\/main\.tsx$/;

/** Holds every request for the app's entry until `release()`. */
async function holdAppCode(page: Page): Promise<() => Promise<void>> {
  const held: Route[] = [];
  let released = false;
  await page.route(ENTRY, (route) => (released ? route.continue() : void held.push(route)));
  return async () => {
    released = true;
    await Promise.all(held.map((route) => route.continue()));
    await page.unroute(ENTRY);
  };
}

const liveApp = (page: Page) =>
  page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Sign in" });

test("a reloaded details step is usable before the app's code runs, and nothing typed there is lost", async ({
  page,
}) => {
  await page.goto("/");
  await startBooking(page, { service: "Initial assessment", provider: "Maya Chen" });
  await holdFirstFreeTime(page);
  await fillDetails(page, { name: "Pre Paint", email: "pre@example.com", notes: "Saved" });
  await expect(page.getByText("All changes saved.")).toBeVisible();

  const release = await holdAppCode(page);
  await page.reload();
  // Painted from the server's answer alone: no app header yet, the step heading has focus.
  await expect(page.getByLabel("Full name")).toHaveValue("Pre Paint");
  await expect(page.getByLabel("Email")).toHaveValue("pre@example.com");
  await expect(heading(page, "Your details")).toBeFocused();
  await expect(liveApp(page)).toHaveCount(0);
  expect(await seriousA11yViolations(page)).toEqual([]);

  // Enter in a field submits a form: the painted one must not (its values would go into the URL).
  await page.getByLabel("Full name").press("Enter");
  await expect(page).toHaveURL(/\/book\/details$/);
  const notes = page.getByLabel("Anything we should know? (optional)");
  await notes.click();
  await page.keyboard.press("End");
  await page.keyboard.type(" and typed early");
  await page.keyboard.press("ArrowLeft");

  await release();
  await expect(liveApp(page)).toBeVisible();
  await expect(page.locator("#prepaint")).toHaveCount(0);
  await expect(notes).toHaveValue("Saved and typed early");
  await expect(notes).toBeFocused(); // the live field, caret where it was
  await page.keyboard.type("!");
  await expect(notes).toHaveValue("Saved and typed earl!y");
  await expect(page.getByText("All changes saved.")).toBeVisible();

  await page.reload();
  await expect(notes).toHaveValue("Saved and typed earl!y");
});

test("no prepaint where the details step will not show: the tab goes where its guard sends it", async ({
  page,
}) => {
  await page.goto("/");
  await startBooking(page, { service: "Initial assessment", provider: "Maya Chen" });
  await expect(heading(page, "Choose a date and time")).toBeVisible();

  const release = await holdAppCode(page);
  await page.goto("/book/details");
  // The answer came (no time chosen yet) and the app's start was asked for, with nothing painted.
  await page.waitForFunction(() => performance.getEntriesByName("tabbook:app-started").length > 0);
  await expect(page.locator("#prepaint")).toBeEmpty();
  await release();
  await expect(heading(page, "Choose a date and time")).toBeVisible();
  await expect(page).toHaveURL(/\/book\/time$/);
  await expect(page.locator("#prepaint")).toHaveCount(0);
});
