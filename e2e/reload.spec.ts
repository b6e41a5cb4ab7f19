import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures.js";
import { chooseProvider, chooseService, heading, heldTime, holdFirstFreeTime, toReview } from "./flow.js";

test("reloading at every step restores the step, the choices, the hold and text typed just before", async ({
  page,
}) => {
  await page.goto("/");
  await chooseService(page, "Sports massage");
  await page.reload();
  await expect(heading(page, "Who would you like to see?")).toBeVisible();
  await page.getByRole("link", { name: "Service" }).click();
  await expect(page.getByRole("radio", { name: "Sports massage" })).toBeChecked();
  await page.getByRole("button", { name: "Continue" }).click();

  await chooseProvider(page, "Sam Ortiz");
  const timeUrl = page.url();
  await page.reload();
  await expect(heading(page, "Choose a date and time")).toBeVisible();
  expect(page.url()).toBe(timeUrl);
  await page.getByRole("link", { name: "Provider" }).click();
  await expect(page.getByRole("radio", { name: "Sam Ortiz" })).toBeChecked();
  await page.getByRole("button", { name: "Continue" }).click();

  const time = await holdFirstFreeTime(page);
  await expect(heldTime(page)).toContainText(time);
  await page.reload();
  await expect(heading(page, "Your details")).toBeVisible();
  await expect(heldTime(page)).toContainText(time);

  // Type, then reload at once: no wait for the debounced autosave.
  await page.getByLabel("Full name").click();
  await page.keyboard.type("Grace Hopper");
  await page.reload();
  await expect(page.getByLabel("Full name")).toHaveValue("Grace Hopper");

  // No flash of empty fields: record the value the name field has whenever one appears.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { nameValuesSeen: string[] }).nameValuesSeen = seen;
    new MutationObserver(() => {
      const input = document.getElementById("name") as HTMLInputElement | null;
      if (input && !input.dataset.seen) {
        input.dataset.seen = "1";
        seen.push(input.value);
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.getByLabel("Email").click();
  await page.keyboard.type("grace@exa");
  await page.reload();
  await expect(page.getByLabel("Email")).toHaveValue("grace@exa");
  await expect(page.getByLabel("Full name")).toHaveValue("Grace Hopper");
  // Every name field that appeared (the prepaint's, then the live step's) showed it.
  const seen = await page.evaluate(() => (window as unknown as { nameValuesSeen: string[] }).nameValuesSeen);
  expect([...new Set(seen)]).toEqual(["Grace Hopper"]);

  await page.getByLabel("Email").click();
  await page.keyboard.press("End");
  await page.keyboard.type("mple.com");
  await page.getByLabel("Anything we should know? (optional)").fill("Bring running shoes");
  await page.reload();
  await expect(page.getByLabel("Email")).toHaveValue("grace@example.com");
  await expect(page.getByLabel("Anything we should know? (optional)")).toHaveValue("Bring running shoes");

  await toReview(page);
  await page.reload();
  await expect(heading(page, "Review and confirm")).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: "Grace Hopper" })).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: "Bring running shoes" })).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: time })).toBeVisible();
  await expect(heldTime(page)).toContainText(time);
});

/** Picks `choice` on the step headed `step`, waits until the server has it (the next step's link appears), reloads. */
async function pickThenReload(page: Page, step: string, choice: string, nextStep: string) {
  await expect(heading(page, step)).toBeVisible();
  await page.getByRole("radio", { name: choice }).check();
  await expect(page.getByRole("link", { name: nextStep })).toBeVisible();
  await page.reload();
  await expect(heading(page, step)).toBeVisible();
  await expect(page.getByRole("radio", { name: choice })).toBeChecked();
}

test("a service or provider picked but not yet confirmed with Continue is kept on reload", async ({
  page,
}) => {
  await page.goto("/");
  await pickThenReload(page, "Choose a service", "Sports massage", "Provider");
  await page.getByRole("button", { name: "Continue" }).click();
  await pickThenReload(page, "Who would you like to see?", "Aiko Tanaka", "Date & time");
});
