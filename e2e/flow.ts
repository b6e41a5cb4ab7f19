// Steps of the booking flow as a person would take them, by role and label.
import { expect, type Locator, type Page } from "@playwright/test";

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
  page.getByRole("list", { name: "Free times" }).getByRole("button");

/** Shows the first day with free times (moving on a day or a month as needed). */
export async function showFirstFreeDay(page: Page): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const nextFree = page.getByRole("button", { name: /^Next free day/ });
    await expect(freeTimes(page).first().or(page.getByText("No free times on this day."))).toBeVisible();
    if (await freeTimes(page).count()) return;
    if (await nextFree.count()) await nextFree.click();
    else await page.getByRole("button", { name: "Next month" }).click();
  }
  await expect(freeTimes(page).first()).toBeVisible();
}

/**
 * Holds the first free time that nobody else grabs first and returns its
 * label; a time taken by another test in between is skipped, as a person would.
 */
export async function holdFirstFreeTime(page: Page): Promise<string> {
  await showFirstFreeDay(page);
  for (const dismiss of await page.getByRole("button", { name: "Dismiss" }).all()) await dismiss.click();
  for (let attempt = 0; attempt < 5; attempt++) {
    const time = freeTimes(page).first();
    const label = (await time.textContent()) ?? "";
    await time.click();
    const taken = page.getByText("That time was just taken.", { exact: false });
    await expect(heading(page, "Your details").or(taken)).toBeVisible();
    if (await heading(page, "Your details").isVisible()) return label;
    await page.getByRole("button", { name: "Dismiss" }).click();
  }
  throw new Error("every time tried was taken");
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
