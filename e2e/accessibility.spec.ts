import { test, expect } from "./fixtures.js";
import { seriousA11yViolations } from "./a11y.js";

test("the draft page has no serious or critical accessibility violations, empty and saved", async ({
  page,
}) => {
  await page.goto("/");
  await expect(page.getByText("Nothing saved in this tab yet.")).toBeVisible();
  expect(await seriousA11yViolations(page)).toEqual([]);

  await page.getByLabel("Note for this tab").fill("x".repeat(201));
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Keep the note under 201 characters.")).toBeVisible();
  expect(await seriousA11yViolations(page)).toEqual([]);
});

test("the draft form works with the keyboard alone", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByText("Nothing saved in this tab yet.")).toBeVisible();
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Note for this tab")).toBeFocused();
  await page.keyboard.type("typed with keys");
  await page.keyboard.press("Enter");
  await expect(page.getByText("Saved on the server: “typed with keys”")).toBeVisible();
});
