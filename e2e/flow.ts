// Steps of the booking flow as a person would take them, by role and label.
import { expect, type Browser, type Locator, type Page } from "@playwright/test";

export type Choice = { service: string; provider: string };

export const heading = (page: Page, name: string): Locator => page.getByRole("heading", { level: 1, name });

export async function chooseService(page: Page, service: string): Promise<void> {
  await expect(heading(page, "Choose a service")).toBeVisible();
  await page.getByRole("radio", { name: service }).check();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(heading(page, "Who would you like to see?")).toBeVisible();
}

export async function chooseProvider(page: Page, provider: string): Promise<void> {
  await expect(heading(page, "Who would you like to see?")).toBeVisible();
  await page.getByRole("radio", { name: provider }).check();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(heading(page, "Choose a date and time")).toBeVisible();
}

export async function startBooking(page: Page, { service, provider }: Choice): Promise<void> {
  await page.goto("/");
  await chooseService(page, service);
  await chooseProvider(page, provider);
}

export const freeTimes = (page: Page): Locator =>
  page.getByRole("group", { name: "Free times" }).getByRole("button");

export const openDays = (page: Page): Locator => page.getByRole("button", { name: /\d+ free times?$/ });

const calendarLoaded = (page: Page) =>
  expect(page.getByRole("table").first()).toHaveAttribute("aria-busy", "false");

/**
 * Opens the second day with free times (or a later one, for a spec that must
 * not meet another spec's holds) and returns its URL (the day is in it). Not
 * the first: its earliest times can run into the provider's minimum notice
 * while a test is running, and then stop being bookable.
 */
export async function openFreeDay(page: Page, skipDays = 1): Promise<string> {
  let toSkip = skipDays;
  for (let month = 0; month < 3; month++) {
    await calendarLoaded(page);
    const count = await openDays(page).count();
    if (count > toSkip) {
      await openDays(page).nth(toSkip).click();
      await expect(freeTimes(page).first()).toBeVisible();
      return page.url();
    }
    toSkip -= count;
    await page.getByRole("button", { name: "Next month" }).click();
  }
  throw new Error("no free day in three months");
}

/**
 * Holds the first time shown that nobody else grabs first and returns its
 * label; a time taken by another test in between is skipped, as a person would.
 */
export async function holdFirstTimeShown(page: Page): Promise<string> {
  for (const dismiss of await page.getByRole("button", { name: "Dismiss" }).all()) await dismiss.click();
  for (let attempt = 0; attempt < 5; attempt++) {
    await freeTimes(page).first().click();
    const taken = page.getByText("That time was just taken.", { exact: false });
    await expect(heading(page, "Your details").or(taken)).toBeVisible();
    if (await heading(page, "Your details").isVisible()) {
      // Read what was held from the banner: the list can change between reading a label and the click.
      await expect(heldTime(page)).toBeVisible();
      return /\d{1,2}:\d{2}\s[AP]M$/.exec((await heldTime(page).textContent()) ?? "")![0];
    }
    await page.getByRole("button", { name: "Dismiss" }).click();
  }
  throw new Error("every time tried was taken");
}

export async function holdFirstFreeTime(page: Page): Promise<string> {
  await openFreeDay(page);
  return holdFirstTimeShown(page);
}

export type Details = { name: string; email: string; phone?: string; notes?: string };

export async function fillDetails(page: Page, details: Details): Promise<void> {
  await page.getByLabel("Full name").fill(details.name);
  await page.getByLabel("Email").fill(details.email);
  if (details.phone) await page.getByLabel("Phone (optional)").fill(details.phone);
  if (details.notes) await page.getByLabel("Anything we should know? (optional)").fill(details.notes);
}

export async function toReview(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Review booking" }).click();
  await expect(heading(page, "Review and confirm")).toBeVisible();
}

export async function confirmBooking(page: Page): Promise<string> {
  await page.getByRole("button", { name: "Confirm booking" }).click();
  await expect(heading(page, "You're booked")).toBeVisible();
  const reference = await page.locator(".reference strong").textContent();
  expect(reference).toMatch(/^[A-Z2-9]{8}$/);
  return reference!;
}

/** The held time the banner shows ("Monday, November 23, 2026, 10:00 AM"). */
export const heldTime = (page: Page): Locator =>
  page.getByRole("region", { name: "Your held time" }).locator("strong");

/** The free-time button for this label ("10:00 AM", maybe followed by the provider's clock), if offered and not held. */
export const freeTime = (page: Page, label: string): Locator =>
  freeTimes(page).filter({ hasText: new RegExp(`^${label}(, [^(]*)?$`) });

/** Someone in another browser (own storage, no account) looking at the same day's free times. */
export async function strangerWatching(browser: Browser, choice: Choice, dayUrl: string): Promise<Page> {
  const stranger = await (await browser.newContext()).newPage();
  await startBooking(stranger, choice);
  await stranger.goto(dayUrl);
  await expect(freeTimes(stranger).first()).toBeVisible();
  return stranger;
}
