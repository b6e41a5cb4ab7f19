import { test, expect } from "./fixtures.js";
import type { Page } from "@playwright/test";

async function saveNote(page: Page, note: string) {
  await page.goto("/");
  await expect(page.getByRole("status").filter({ hasText: "Nothing saved in this tab yet." })).toBeVisible();
  await page.getByLabel("Note for this tab").fill(note);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText(`Saved on the server: “${note}”`)).toBeVisible();
}

test("two tabs keep separate server-side drafts, and a reload keeps each", async ({ page, newTab }) => {
  const tabB = await newTab();
  await saveNote(page, "alpha note");
  await saveNote(tabB, "beta note");

  // Server state is per tab, not per browser (the tabs share localStorage).
  await expect(page.getByText("Saved on the server: “alpha note”")).toBeVisible();
  await expect(tabB.getByText("Saved on the server: “beta note”")).toBeVisible();

  for (const [tab, note] of [
    [page, "alpha note"],
    [tabB, "beta note"],
  ] as const) {
    await tab.reload();
    await expect(tab.getByText(`Saved on the server: “${note}”`)).toBeVisible();
    await expect(tab.getByLabel("Note for this tab")).toHaveValue(note);
  }
});
